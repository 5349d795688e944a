using System.Diagnostics;
using VectaX.Collections;
using VectaX.Embeddings;

namespace VectaX.Evaluate;

/// <summary>Recall@10 of encrypted search against exact plaintext kNN, with and without exact re-rank, per noise level.</summary>
internal static class RecallTable
{
    private const int K = 10;

    public static async Task PrintAsync(float[][] corpus, float[][] queries)
    {
        HashSet<ulong>[] truth = queries.Select(q => PlainSearch.Nearest(corpus, q, K).Select(n => (ulong)n.Index).ToHashSet()).ToArray();
        Console.WriteLine($"| beta | transform | recall@{K}, ciphertexts only | re-rank 2x | re-rank 3x | re-rank 5x | mean ms/query (3x) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        var clock = new Stopwatch();
        foreach (float beta in new[] { 0.05f, 0.1f, 0.2f, 0.4f, 0.8f })
        {
            foreach (TransformKind kind in new[] { TransformKind.Fast, TransformKind.Dense })
            {
                using VectaXKey key = VectaXKey.Generate(corpus[0].Length, kind, beta);
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
    }
}
