using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using VectaX.Collections;
using VectaX.Rbac;

namespace VectaX.Cli;

/// <summary>
/// demo: the whole product on real text, in memory, no server. Embeds the demo corpus, encrypts, seals (one
/// department policy per note) and ingests it into the embedded store, compares encrypted search with plaintext
/// search (recall@10, latency), then shows an RBAC user's search, a denial, and a tampered ciphertext refused.
/// </summary>
internal static class DemoCommand
{
    private const int K = 10;
    private const double RequiredRecall = 0.99;

    public static Command Create(TextWriter output, ProgressDisplay progress)
    {
        var count = new Option<int>("--count") { Description = "Notes to ingest.", DefaultValueFactory = _ => 4000 }.Within(K, DemoCorpus.Size);
        var queries = new Option<int>("--queries") { Description = "Held-out notes used as queries for recall, besides the sample questions.", DefaultValueFactory = _ => 100 }.Within(0, DemoCorpus.Size);
        var command = new Command("demo", $"Run the whole product on a real-text corpus in memory; exits 1 if re-ranked recall@{K} < {RequiredRecall}.") { count, queries };
        command.SetAction((p, cancel) => RunAsync(output, progress, p.GetValue(count), p.GetValue(queries), cancel));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, ProgressDisplay progress, int count, int queryCount, CancellationToken cancel)
    {
        if (count + queryCount > DemoCorpus.Size)
        {
            throw new ArgumentException($"--count {count} and --queries {queryCount} make {count + queryCount:N0} notes; together they may be at most {DemoCorpus.Size:N0}.");
        }

        var clock = Stopwatch.StartNew();
        (string Text, int Department)[] notes = DemoCorpus.Generate(count + queryCount);
        string[] texts = [.. notes.Select(n => n.Text).Concat(DemoCorpus.Questions)];
        float[][] vectors = await EmbedCommand.Embed(texts, progress, cancel).ConfigureAwait(false);
        float[][] corpus = vectors[..count];
        float[][] queries = vectors[count..];
        output.WriteLine($"embed    {texts.Length:N0} texts (notes of {DemoCorpus.Departments.Length} departments + questions) with all-MiniLM-L6-v2, 384-d, in {clock.Elapsed.TotalSeconds:F1} s");

        var vocabulary = new PolicyVocabulary([new("roles", ["manager", "staff"]), new("departments", DemoCorpus.Departments)]);
        AttributeSet[] policies = [.. DemoCorpus.Departments.Select(d => AttributeSetText.Parse(vocabulary, $"departments={d}"))];
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = VectaXKey.Generate(TextEncoder.Dimension);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "notes", ring, authority);
        await collection.EnsureAsync(cancel).ConfigureAwait(false);
        output.WriteLine($"key      {key}");

        clock.Restart();
        IEnumerable<PlainRecord> records = corpus.Select((v, i) => new PlainRecord(
            (ulong)i, v, new Dictionary<string, string> { ["department"] = DemoCorpus.Departments[notes[i].Department] }, Encoding.UTF8.GetBytes(notes[i].Text), policies[notes[i].Department]));
        await progress.RunAsync("ingest", count, bar => new IngestPipeline(collection).RunAsync(records, new Reporter<IngestProgress>(r => bar.Report(r.Acknowledged)), cancellationToken: cancel)).ConfigureAwait(false);
        output.WriteLine($"ingest   {count:N0} notes encrypted, sealed under their department's policy and stored in {clock.Elapsed.TotalSeconds:F2} s ({count / clock.Elapsed.TotalSeconds:N0}/s)");

        // The encrypted column reads each note from its sealed payload, opened by a key that satisfies every policy.
        using UserKey reader = authority.IssueUserKey(AttributeSetText.Parse(vocabulary, $"roles=manager;departments={string.Join(',', DemoCorpus.Departments)}"));
        output.WriteLine();
        for (int q = 0; q < DemoCorpus.Questions.Length; q++)
        {
            float[] query = queries[queryCount + q];
            SearchResults encrypted = await collection.SearchAsync(query, 3, reader, cancel).ConfigureAwait(false);
            (int Index, float Distance)[] plain = PlainSearch.Nearest(corpus, query, 3);
            output.WriteLine($"\"{DemoCorpus.Questions[q]}\"");
            output.WriteLine($"     {"plaintext search (id, cosine, note)",-65} | encrypted search, re-ranked, note opened from its sealed payload");
            for (int r = 0; r < 3; r++)
            {
                output.WriteLine($"  {r + 1}. {Cell((ulong)plain[r].Index, plain[r].Distance, notes[plain[r].Index].Text)} | {Cell(encrypted[r].Id, encrypted[r].Distance * encrypted[r].Distance, Encoding.UTF8.GetString(encrypted[r].Payload!))}");
            }
        }

        var alone = new EncryptedCollection(store, "notes", ring, authority) { RerankFactor = 1 };
        double recallAlone = 0, recallRerank = 0, msPlain = 0, msEncrypted = 0;
        foreach (float[] query in queries)
        {
            clock.Restart();
            HashSet<ulong> truth = [.. PlainSearch.Nearest(corpus, query, K).Select(n => (ulong)n.Index)];
            msPlain += clock.Elapsed.TotalMilliseconds;
            recallAlone += (await alone.SearchAsync(query, K, cancel).ConfigureAwait(false)).Count(h => truth.Contains(h.Id)) / (double)K;
            clock.Restart();
            recallRerank += (await collection.SearchAsync(query, K, cancel).ConfigureAwait(false)).Count(h => truth.Contains(h.Id)) / (double)K;
            msEncrypted += clock.Elapsed.TotalMilliseconds;
        }

        recallAlone /= queries.Length;
        recallRerank /= queries.Length;
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall   @{K} against plaintext exact search, {queries.Length} queries: {recallAlone:F3} on ciphertexts alone, {recallRerank:F3} with exact re-rank of {EncryptedCollection.DefaultRerankFactor * K}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency  plaintext brute force {msPlain / queries.Length:F2} ms/query; encrypted query + search + decrypt + re-rank {msEncrypted / queries.Length:F2} ms/query"));

        await ShowAccessControl(output, collection, authority, vocabulary, queries[queryCount + 1], notes, cancel).ConfigureAwait(false);
        await ShowTamperAsync(output, (await store.RetrieveAsync("notes", [0], cancel).ConfigureAwait(false))[0], collection, cancel).ConfigureAwait(false);

        if (recallRerank < RequiredRecall)
        {
            output.WriteLine($"FAILED   re-ranked recall@{K} {recallRerank:F3} is below {RequiredRecall}");
            return 1;
        }

        return 0;
    }

    private static async Task ShowAccessControl(TextWriter output, EncryptedCollection collection, RbacAuthority authority, PolicyVocabulary vocabulary, float[] invoiceQuestion, (string Text, int Department)[] notes, CancellationToken cancel)
    {
        using UserKey clerk = authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "roles=staff;departments=finance"));
        output.WriteLine();
        output.WriteLine($"rbac     user key for {clerk.Attributes}, searching \"{DemoCorpus.Questions[1]}\":");
        foreach (SearchHit hit in await collection.SearchAsync(invoiceQuestion, 3, clerk, cancel).ConfigureAwait(false))
        {
            output.WriteLine($"           opened #{hit.Id} [{hit.PublicFields["department"]}] \"{Encoding.UTF8.GetString(hit.Payload!)}\"");
        }

        ulong other = (ulong)Array.FindIndex(notes, n => DemoCorpus.Departments[n.Department] is "engineering");
        try
        {
            await collection.OpenAsync(other, clerk, cancel).ConfigureAwait(false);
            throw new InvalidOperationException($"The finance user opened engineering note #{other}.");
        }
        catch (AccessDeniedException e)
        {
            output.WriteLine($"           opening engineering note #{other}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task ShowTamperAsync(TextWriter output, StoredPoint point, EncryptedCollection collection, CancellationToken cancel)
    {
        float[] tampered = (float[])point.Vector.Clone();
        tampered[0] += 1e-4f;
        try
        {
            await collection.DecryptAsync(point with { Vector = tampered }, cancel).ConfigureAwait(false);
            throw new InvalidOperationException("A tampered ciphertext decrypted.");
        }
        catch (AuthenticationFailedException e)
        {
            output.WriteLine($"tamper   note #{point.Id} with one coordinate moved by 1e-4: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Cell(ulong id, float squaredDistance, string text)
    {
        string shown = text.Length > 52 ? text[..51] + "…" : text;
        return string.Create(CultureInfo.InvariantCulture, $"#{id,-5} {1 - squaredDistance / 2:F3} {shown,-52}");
    }
}
