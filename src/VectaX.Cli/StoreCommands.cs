using System.CommandLine;
using System.Globalization;
using System.Text;
using VectaX.Collections;
using VectaX.Rbac;

namespace VectaX.Cli;

/// <summary>ingest, search and rotate: an embedded store file by default, a Qdrant endpoint with --qdrant.</summary>
internal static class StoreCommands
{
    /// <summary>Results a query may ask for: each is decrypted and re-scored, with RerankFactor candidates fetched per result.</summary>
    private const int MaxResults = 1_000_000;

    public static Command Ingest(TextWriter output, ProgressDisplay progress)
    {
        var key = FileOption.Create<string>("--key", FileUse.Read, "Key file.", required: true);
        var input = FileOption.Create<string?>("--in", FileUse.Read, "Vectors (.npy, .fvecs, .jsonl), streamed; row i gets id start-id + i. Without it, --texts are embedded.");
        var texts = FileOption.Create<string?>("--texts", FileUse.Read, "Texts, one a row (.txt, .jsonl): sealed as each record's private payload under --policy.");
        var authority = FileOption.Create<string?>("--authority", FileUse.Read, "Authority file, to seal records under --policy.");
        var policy = new Option<string?>("--policy") { Description = "Policy every row is sealed under, e.g. \"departments=finance\"; only user keys satisfying it open them." };
        var startId = new Option<ulong?>("--start-id") { Description = "Id of the first row. Without it, rows continue after the collection's highest id; ids given here that are already stored are refused (see --overwrite)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "With --start-id: replace stored records whose ids the rows take." };
        var skip = new Option<long>("--skip") { Description = "Rows already stored: resumes an interrupted ingest with the --start-id and count it reported." };
        var target = new StoreTarget(FileUse.Update, writes: true);
        var command = new Command("ingest", "Encrypt vectors (or embed texts), seal them under a policy if given, and store them.") { key, input, texts, authority, policy, startId, overwrite, skip };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            string[]? payloads = p.GetValue(texts) is { } textPath ? TextFile.Read(textPath, "--texts") : null;
            if (payloads is not null && p.GetValue(policy) is null)
            {
                throw new ArgumentException("--texts are stored sealed: give --authority and --policy.");
            }

            using VectaXKey k = OptionValue.Key("--key", p.GetValue(key)!);
            using VectorReader? file = p.GetValue(input) is { } vectorPath ? VectorReader.Open(vectorPath, k.Dimension, "--in") : null;
            float[][]? embedded = file is not null ? null
                : payloads is not null ? await IngestEmbeddings(payloads, k.Dimension, progress, cancel).ConfigureAwait(false)
                : throw new ArgumentException("Give --in VECTORS, or --texts to embed.");
            long count = file?.Rows ?? embedded!.Length;
            if (payloads is not null && payloads.Length != count)
            {
                throw new ArgumentException($"--in has {count} rows but --texts has {payloads.Length}.");
            }

            using RbacAuthority? rbac = p.GetValue(authority) is { } authorityPath ? OptionValue.Authority("--authority", authorityPath) : null;
            AttributeSet? sealPolicy = p.GetValue(policy) is { } policyText
                ? OptionValue.Read("--policy", policyText, t => AttributeSetText.Parse((rbac ?? throw new ArgumentException("--policy needs --authority.")).Vocabulary, t))
                : null;
            using var ring = new KeyRing([k], k.KeyId);
            using StoreTarget.Session store = target.Open(p);
            EncryptedCollection encrypted = store.Collection(ring, rbac);
            await encrypted.EnsureAsync(cancel).ConfigureAwait(false);
            (ulong first, string appended) = await IngestIds(encrypted, p.GetValue(startId), p.GetValue(overwrite), p.GetValue(skip), count, cancel).ConfigureAwait(false);
            IEnumerable<PlainRecord> records = (file?.ReadRows() ?? embedded!).Select((v, i) => new PlainRecord(first + (ulong)i, v, null, payloads is null ? null : Encoding.UTF8.GetBytes(payloads[i]), sealPolicy));
            long done, stored = p.GetValue(skip);
            try
            {
                done = await progress.RunAsync("ingest", count, bar => new IngestPipeline(encrypted).RunAsync(
                    records,
                    new Reporter<IngestProgress>(r =>
                    {
                        stored = r.Acknowledged;
                        bar.Report(r.Acknowledged);
                    }),
                    stored,
                    cancel)).ConfigureAwait(false);
            }
            catch (IngestException e)
            {
                throw new IOException($"{e.Message} {ResumeIngest(first, e.Acknowledged)}", e);
            }
            catch (OperationCanceledException e)
            {
                throw new CancelledException($"cancelled. {ResumeIngest(first, stored)}", e);
            }
            finally
            {
                store.Save();
            }

            output.WriteLine($"ingested {done} vectors{(sealPolicy is null ? "" : $" sealed under {sealPolicy}")} as ids {first} to {first + (ulong)count - 1}{appended}; the collection holds {await encrypted.CountAsync(cancel).ConfigureAwait(false)}");
            return 0;
        });
        return command;
    }

    public static Command Search(TextWriter output, ProgressDisplay progress)
    {
        var key = FileOption.Create<string?>("--key", FileUse.Read, "Key file: the key holder's search over records without a policy (with --authority, over every record).");
        var query = FileOption.Create<string?>("--query", FileUse.Read, "Query vectors (.npy, .fvecs, .jsonl).");
        var text = new Option<string[]>("--text") { Description = "A text query, embedded with all-MiniLM-L6-v2 (repeatable)." };
        var userKey = FileOption.Create<string?>("--user-key", FileUse.Read, "User key file: search only the records it may open, with their payloads; needs no --key.");
        var authority = FileOption.Create<string?>("--authority", FileUse.Read, "Authority file, with --key: the trusted search also ranks records under policies.");
        var k = new Option<int>("-k") { Description = $"Results per query (at most {MaxResults:N0}).", DefaultValueFactory = _ => 10 }.Within(1, MaxResults);
        var target = new StoreTarget(FileUse.Read);
        var command = new Command("search", "Search with encrypted queries (vectors or text), as the key holder (--key) or a user (--user-key); results are re-ranked exactly.") { key, query, text, userKey, authority, k };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            string[] questions = p.GetValue(text) ?? [];
            if (questions.Length > 0 && p.GetValue(query) is not null)
            {
                throw new ArgumentException("Give --query or --text, not both.");
            }

            if ((p.GetValue(key) is null) == (p.GetValue(userKey) is null))
            {
                throw new ArgumentException("Give --key (the key holder's search) or --user-key (a user's search), not both.");
            }

            if (p.GetValue(authority) is not null && p.GetValue(key) is null)
            {
                throw new ArgumentException("--authority goes with --key: a user's search needs only --user-key.");
            }

            using VectaXKey? secret = p.GetValue(key) is { } keyPath ? OptionValue.Key("--key", keyPath) : null;
            using UserKey? user = p.GetValue(userKey) is { } userPath ? OptionValue.UserKey("--user-key", userPath) : null;
            (string Label, float[] Vector)[] queries = p.GetValue(query) is { } queryPath
                ? [.. ReadQueries(queryPath, secret?.Dimension).Select((v, i) => (i.ToString(CultureInfo.InvariantCulture), v))]
                : questions.Length > 0 ? [.. questions.Zip(await EmbedTexts(questions, secret?.Dimension ?? TextEncoder.Dimension, progress, cancel).ConfigureAwait(false), (q, v) => ($"\"{q}\"", v))]
                : throw new ArgumentException("Give --query VECTORS or --text \"a question\".");
            using KeyRing? ring = secret is null ? null : new KeyRing([secret], secret.KeyId);
            using RbacAuthority? rbac = p.GetValue(authority) is { } authorityPath ? OptionValue.Authority("--authority", authorityPath) : null;
            using StoreTarget.Session store = target.Open(p);
            EncryptedCollection encrypted = store.Collection(ring, rbac);
            foreach ((string label, float[] vector) in queries)
            {
                SearchResults hits = user is null
                    ? await encrypted.SearchAsync(vector, p.GetValue(k), cancel).ConfigureAwait(false)
                    : await encrypted.SearchAsync(vector, p.GetValue(k), user, cancel).ConfigureAwait(false);
                output.WriteLine($"query {label}: {hits.Count} {(hits.Count == 1 ? "result" : "results")}");
                if (user is not null && hits.AccessClasses == 0)
                {
                    output.WriteLine($"   --user-key {p.GetValue(userKey)} (epoch {user.Epoch}) opens none of this collection's access classes: a key of an older epoch (before a revocation) or of another authority opens nothing; ask for a new one (vectax rbac issue).");
                }

                for (int r = 0; r < hits.Count; r++)
                {
                    output.WriteLine(Describe(r + 1, hits[r]));
                }

                foreach (SkippedPoint bad in hits.Skipped)
                {
                    output.WriteLine($"   skipped #{bad.Id}: {bad.Reason.Message}");
                }
            }

            return 0;
        });
        return command;
    }

    public static Command Rotate(TextWriter output, ProgressDisplay progress)
    {
        var key = FileOption.Create<string>("--key", FileUse.Read, "The new key file: points end up under it.", required: true);
        var old = FileOption.Create<string[]>("--old-key", FileUse.Read, "Key files the points are under now (repeatable).", required: true);
        var resume = new Option<ulong?>("--resume-from") { Description = "Point id to resume an interrupted rotation from." };
        var target = new StoreTarget(FileUse.Read, writes: true);
        var command = new Command("rotate", "Re-encrypt a collection under a new key, page by page; queries keep working meanwhile.") { key, old, resume };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            var keys = new List<VectaXKey> { OptionValue.Key("--key", p.GetValue(key)!) };
            keys.AddRange(p.GetValue(old)!.Select(path => OptionValue.Key("--old-key", path)));
            try
            {
                using var ring = new KeyRing(keys, keys[0].KeyId);
                using StoreTarget.Session store = target.Open(p);
                EncryptedCollection encrypted = store.Collection(ring);
                long total = await encrypted.CountAsync(cancel).ConfigureAwait(false);
                ulong? resumeFrom = p.GetValue(resume);
                long rotated;
                try
                {
                    rotated = await progress.RunAsync("rotate", total, bar => encrypted.RotateAsync(
                        p.GetValue(resume), progress: new Reporter<RotationProgress>(r =>
                        {
                            resumeFrom = r.ResumeFrom;
                            bar.Report(r.Rotated);
                        }),
                        cancellationToken: cancel)).ConfigureAwait(false);
                }
                catch (VectaXException e)
                {
                    throw new IOException($"{e.Message} The rotation stopped; {ResumeRotation(resumeFrom)}", e);
                }
                catch (OperationCanceledException e)
                {
                    throw new CancelledException($"cancelled; {ResumeRotation(resumeFrom)}", e);
                }
                finally
                {
                    store.Save();
                }

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

    private static string Describe(int rank, SearchHit hit)
    {
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"  {rank,2}. #{hit.Id} distance {hit.Distance:F4}"));
        foreach ((string name, string value) in hit.PublicFields)
        {
            line.Append(CultureInfo.InvariantCulture, $" {name}={value}");
        }

        if (hit.Payload is { } payload)
        {
            line.Append(CultureInfo.InvariantCulture, $" \"{Encoding.UTF8.GetString(payload)}\"");
        }

        return line.ToString();
    }

    /// <summary>The query vectors, checked against the key's dimension; with a user key alone, the class keys check it.</summary>
    private static float[][] ReadQueries(string path, int? dimension)
    {
        using VectorReader reader = dimension is { } d ? VectorReader.Open(path, d, "--query") : VectorReader.Open(path);
        return [.. reader.ReadRows()];
    }

    /// <summary>Embeds texts for a key, saying before the model runs when the key's dimension cannot take them.</summary>
    private static Task<float[][]> EmbedTexts(string[] texts, int keyDimension, ProgressDisplay progress, CancellationToken cancel) =>
        keyDimension == TextEncoder.Dimension
            ? EmbedCommand.Embed(texts, progress, cancel)
            : throw new ArgumentException($"Texts embed to {TextEncoder.Dimension}-d vectors (all-MiniLM-L6-v2); this key has dimension {keyDimension}.");

    /// <summary>
    /// The first row's id, and what to say about it. Without --start-id, rows continue after the collection's highest
    /// id, so a second ingest never replaces the first; an explicit --start-id whose ids are taken is refused, naming
    /// the first one, unless --overwrite. --skip resumes a run, so it needs that run's --start-id, and the rows it skips
    /// must be stored.
    /// </summary>
    private static async Task<(ulong First, string Note)> IngestIds(EncryptedCollection collection, ulong? start, bool overwrite, long skip, long count, CancellationToken cancel)
    {
        if (skip < 0 || skip >= count)
        {
            throw new ArgumentException($"--skip {skip}: the input has {count} rows; give a count from 0 to {count - 1}, the rows an interrupted run reported stored.");
        }

        if (start is not { } first)
        {
            if (skip > 0 || overwrite)
            {
                throw new ArgumentException($"{(skip > 0 ? "--skip resumes an interrupted ingest" : "--overwrite replaces the records at --start-id and after")}: give --start-id (an interrupted run names it).");
            }

            ulong next = await collection.NextIdAsync(cancel).ConfigureAwait(false);
            if ((ulong)count - 1 > ulong.MaxValue - next)
            {
                throw new ArgumentException($"The collection's ids run up to {next - 1}: {count} more rows would pass the largest id.");
            }

            return (next, next == 0 ? "" : $" (after the collection's highest id, {next - 1})");
        }

        if ((ulong)count - 1 > ulong.MaxValue - first)
        {
            throw new ArgumentException($"--start-id {first}: {count} rows from there pass the largest id, {ulong.MaxValue}.");
        }

        ulong last = first + (ulong)count - 1;
        if (skip > 0 && await collection.FirstTakenIdAsync(first + (ulong)skip - 1, first + (ulong)skip - 1, cancel).ConfigureAwait(false) is null)
        {
            // Runs store rows in order, so the last skipped row stands for those before it.
            throw new ArgumentException($"--skip {skip}: id {first + (ulong)skip - 1}, the last row it skips, is not stored, so rows would be left out. Give the --start-id and --skip the interrupted run printed.");
        }

        if (!overwrite && await collection.FirstTakenIdAsync(first + (ulong)skip, last, cancel).ConfigureAwait(false) is { } taken)
        {
            throw new ArgumentException($"--start-id {first}: id {taken} is already stored, and ingesting would replace it. Leave out --start-id to add after the highest id, or pass --overwrite to replace.");
        }

        return (first, "");
    }

    private static string ResumeIngest(ulong first, long stored) => $"Rows before {stored} are stored; rerun with --start-id {first} --skip {stored}.";

    /// <summary>Embeds an ingest's texts; cancelled, nothing new is stored yet, so the same command (its own --skip included) resumes.</summary>
    private static async Task<float[][]> IngestEmbeddings(string[] texts, int keyDimension, ProgressDisplay progress, CancellationToken cancel)
    {
        try
        {
            return await EmbedTexts(texts, keyDimension, progress, cancel).ConfigureAwait(false);
        }
        catch (CancelledException e)
        {
            throw new CancelledException($"{e.Message} Nothing new was stored; rerun the same command.", e);
        }
    }

    private static string ResumeRotation(ulong? from) => $"rerun with --resume-from {from?.ToString(CultureInfo.InvariantCulture) ?? "(the start)"}.";
}
