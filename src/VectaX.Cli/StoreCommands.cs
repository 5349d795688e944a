using System.CommandLine;
using System.Globalization;
using VectaX.Qdrant;

namespace VectaX.Cli;

/// <summary>ingest, search and rotate: an embedded store file by default, a Qdrant endpoint with --qdrant.</summary>
internal static class StoreCommands
{
    public static Command Ingest(TextWriter output)
    {
        var key = new Option<string>("--key") { Required = true, Description = "Key file." };
        var input = new Option<string>("--in") { Required = true, Description = "Vectors (.npy, .fvecs, .jsonl); row i gets id start-id + i." };
        var target = new StoreTarget();
        var startId = new Option<ulong>("--start-id") { Description = "Id of the first row." };
        var command = new Command("ingest", "Encrypt vectors and store them.") { key, input, startId };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            using VectaXKey k = VectaXKey.Load(p.GetValue(key)!);
            using var ring = new KeyRing([k], k.KeyId);
            (EncryptedCollection encrypted, Action save) = target.Open(p, ring);
            await encrypted.EnsureAsync(cancel).ConfigureAwait(false);
            float[][] rows = VectorFile.Read(p.GetValue(input)!);
            ulong first = p.GetValue(startId);
            long done = await new IngestPipeline(encrypted).RunAsync(rows.Select((v, i) => new PlainRecord(first + (ulong)i, v)), cancellationToken: cancel).ConfigureAwait(false);
            save();
            output.WriteLine($"ingested {done} vectors; the collection holds {await encrypted.CountAsync(cancel).ConfigureAwait(false)}");
            return 0;
        });
        return command;
    }

    public static Command Search(TextWriter output)
    {
        var key = new Option<string>("--key") { Required = true, Description = "Key file." };
        var query = new Option<string>("--query") { Required = true, Description = "Query vectors (.npy, .fvecs, .jsonl)." };
        var target = new StoreTarget();
        var k = new Option<int>("-k") { Description = "Results per query.", DefaultValueFactory = _ => 10 };
        var command = new Command("search", "Search with encrypted queries; results are re-ranked exactly.") { key, query, k };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            using VectaXKey secret = VectaXKey.Load(p.GetValue(key)!);
            using var ring = new KeyRing([secret], secret.KeyId);
            (EncryptedCollection encrypted, _) = target.Open(p, ring);
            float[][] queries = VectorFile.Read(p.GetValue(query)!);
            for (int q = 0; q < queries.Length; q++)
            {
                IReadOnlyList<SearchHit> hits = await encrypted.SearchAsync(queries[q], p.GetValue(k), cancel).ConfigureAwait(false);
                output.WriteLine($"query {q}: " + string.Join(", ", hits.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Id} ({MathF.Sqrt(h.Distance):F4})"))));
            }

            return 0;
        });
        return command;
    }

    public static Command Rotate(TextWriter output)
    {
        var key = new Option<string>("--key") { Required = true, Description = "The new key file: points end up under it." };
        var old = new Option<string[]>("--old-key") { Required = true, Description = "Key files the points are under now (repeatable).", AllowMultipleArgumentsPerToken = true };
        var target = new StoreTarget();
        var resume = new Option<ulong?>("--resume-from") { Description = "Point id to resume an interrupted rotation from." };
        var command = new Command("rotate", "Re-encrypt a collection under a new key, page by page; queries keep working meanwhile.") { key, old, resume };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            var keys = new List<VectaXKey> { VectaXKey.Load(p.GetValue(key)!) };
            keys.AddRange(p.GetValue(old)!.Select(VectaXKey.Load));
            try
            {
                using var ring = new KeyRing(keys, keys[0].KeyId);
                (EncryptedCollection encrypted, Action save) = target.Open(p, ring);
                var progress = new Reporter<RotationProgress>(r => output.WriteLine($"rotated {r.Rotated}; resume from {r.ResumeFrom?.ToString(CultureInfo.InvariantCulture) ?? "(done)"}"));
                long rotated = await encrypted.RotateAsync(p.GetValue(resume), progress: progress, cancellationToken: cancel).ConfigureAwait(false);
                save();
                output.WriteLine($"rotated {rotated} points to key {keys[0].KeyId}");
                return 0;
            }
            finally
            {
                keys.ForEach(k => k.Dispose());
            }
        });
        return command;
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
