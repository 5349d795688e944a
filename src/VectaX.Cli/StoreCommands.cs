using System.CommandLine;
using System.Globalization;
using System.Text;
using VectaX.Qdrant;
using VectaX.Rbac;

namespace VectaX.Cli;

/// <summary>ingest, search and rotate: an embedded store file by default, a Qdrant endpoint with --qdrant.</summary>
internal static class StoreCommands
{
    public static Command Ingest(TextWriter output, ProgressDisplay progress)
    {
        var key = new Option<string>("--key") { Required = true, Description = "Key file." };
        var input = new Option<string?>("--in") { Description = "Vectors (.npy, .fvecs, .jsonl), streamed; row i gets id start-id + i. Without it, --texts are embedded." };
        var texts = new Option<string?>("--texts") { Description = "Texts, one a row (.txt, .jsonl): sealed as each record's private payload under --policy." };
        var authority = new Option<string?>("--authority") { Description = "Authority file, to seal records under --policy." };
        var policy = new Option<string?>("--policy") { Description = "Policy every row is sealed under, e.g. \"departments=finance\"; only user keys satisfying it open them." };
        var startId = new Option<ulong>("--start-id") { Description = "Id of the first row." };
        var skip = new Option<long>("--skip") { Description = "Rows already stored: resumes an interrupted ingest from the count it reported." };
        var target = new StoreTarget();
        var command = new Command("ingest", "Encrypt vectors (or embed texts), seal them under a policy if given, and store them.") { key, input, texts, authority, policy, startId, skip };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            string[]? payloads = p.GetValue(texts) is { } textPath ? TextFile.Read(textPath) : null;
            if (payloads is not null && p.GetValue(policy) is null)
            {
                throw new ArgumentException("--texts are stored sealed: give --authority and --policy.");
            }

            using VectaXKey k = VectaXKey.Load(p.GetValue(key)!);
            using VectorReader? file = p.GetValue(input) is { } vectorPath ? VectorReader.Open(vectorPath, k.Dimension) : null;
            float[][]? embedded = file is not null ? null
                : payloads is not null ? await EmbedTexts(payloads, k.Dimension, progress, cancel).ConfigureAwait(false)
                : throw new ArgumentException("Give --in VECTORS, or --texts to embed.");
            long count = file?.Rows ?? embedded!.Length;
            if (payloads is not null && payloads.Length != count)
            {
                throw new ArgumentException($"--in has {count} rows but --texts has {payloads.Length}.");
            }

            using RbacAuthority? rbac = p.GetValue(authority) is { } authorityPath ? RbacCommands.LoadAuthority(authorityPath) : null;
            AttributeSet? sealPolicy = p.GetValue(policy) is { } policyText
                ? AttributeSetText.Parse((rbac ?? throw new ArgumentException("--policy needs --authority.")).Vocabulary, policyText)
                : null;
            using var ring = new KeyRing([k], k.KeyId);
            using StoreTarget.Session store = target.Open(p);
            EncryptedCollection encrypted = store.Collection(ring, rbac);
            await encrypted.EnsureAsync(cancel).ConfigureAwait(false);
            ulong first = p.GetValue(startId);
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
                throw new IOException($"{e.Message} {ResumeIngest(e.Acknowledged)}", e);
            }
            catch (OperationCanceledException e)
            {
                throw new CancelledException($"cancelled. {ResumeIngest(stored)}", e);
            }
            finally
            {
                store.Save();
            }

            output.WriteLine($"ingested {done} vectors{(sealPolicy is null ? "" : $" sealed under {sealPolicy}")}; the collection holds {await encrypted.CountAsync(cancel).ConfigureAwait(false)}");
            return 0;
        });
        return command;
    }

    public static Command Search(TextWriter output, ProgressDisplay progress)
    {
        var key = new Option<string>("--key") { Required = true, Description = "Key file." };
        var query = new Option<string?>("--query") { Description = "Query vectors (.npy, .fvecs, .jsonl)." };
        var text = new Option<string[]>("--text") { Description = "A text query, embedded with all-MiniLM-L6-v2 (repeatable)." };
        var userKey = new Option<string?>("--user-key") { Description = "User key file: search only the records it may open, and show their payloads." };
        var k = new Option<int>("-k") { Description = "Results per query.", DefaultValueFactory = _ => 10 };
        k.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("-k must be at least 1.");
            }
        });
        var target = new StoreTarget();
        var command = new Command("search", "Search with encrypted queries (vectors or text); results are re-ranked exactly.") { key, query, text, userKey, k };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            string[] questions = p.GetValue(text) ?? [];
            if (questions.Length > 0 && p.GetValue(query) is not null)
            {
                throw new ArgumentException("Give --query or --text, not both.");
            }

            using VectaXKey secret = VectaXKey.Load(p.GetValue(key)!);
            (string Label, float[] Vector)[] queries = p.GetValue(query) is { } queryPath
                ? [.. VectorFile.Read(queryPath).Select((v, i) => (i.ToString(CultureInfo.InvariantCulture), v))]
                : questions.Length > 0 ? [.. questions.Zip(await EmbedTexts(questions, secret.Dimension, progress, cancel).ConfigureAwait(false), (q, v) => ($"\"{q}\"", v))]
                : throw new ArgumentException("Give --query VECTORS or --text \"a question\".");
            using UserKey? user = p.GetValue(userKey) is { } userPath ? UserKey.FromBase64(File.ReadAllText(userPath).Trim()) : null;
            using var ring = new KeyRing([secret], secret.KeyId);
            using StoreTarget.Session store = target.Open(p);
            EncryptedCollection encrypted = store.Collection(ring);
            foreach ((string label, float[] vector) in queries)
            {
                IReadOnlyList<SearchHit> hits = user is null
                    ? await encrypted.SearchAsync(vector, p.GetValue(k), cancel).ConfigureAwait(false)
                    : await encrypted.SearchAsync(vector, p.GetValue(k), user, cancel).ConfigureAwait(false);
                output.WriteLine($"query {label}: {hits.Count} {(hits.Count == 1 ? "result" : "results")}");
                for (int r = 0; r < hits.Count; r++)
                {
                    output.WriteLine(Describe(r + 1, hits[r]));
                }
            }

            return 0;
        });
        return command;
    }

    public static Command Rotate(TextWriter output, ProgressDisplay progress)
    {
        var key = new Option<string>("--key") { Required = true, Description = "The new key file: points end up under it." };
        var old = new Option<string[]>("--old-key") { Required = true, Description = "Key files the points are under now (repeatable).", AllowMultipleArgumentsPerToken = true };
        var resume = new Option<ulong?>("--resume-from") { Description = "Point id to resume an interrupted rotation from." };
        var target = new StoreTarget();
        var command = new Command("rotate", "Re-encrypt a collection under a new key, page by page; queries keep working meanwhile.") { key, old, resume };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            var keys = new List<VectaXKey> { VectaXKey.Load(p.GetValue(key)!) };
            keys.AddRange(p.GetValue(old)!.Select(VectaXKey.Load));
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
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"  {rank,2}. #{hit.Id} distance {MathF.Sqrt(hit.Distance):F4}"));
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

    /// <summary>Embeds texts for a key, saying before the model runs when the key's dimension cannot take them.</summary>
    private static Task<float[][]> EmbedTexts(string[] texts, int keyDimension, ProgressDisplay progress, CancellationToken cancel) =>
        keyDimension == TextEncoder.Dimension
            ? EmbedCommand.Embed(texts, progress, cancel)
            : throw new ArgumentException($"Texts embed to {TextEncoder.Dimension}-d vectors (all-MiniLM-L6-v2); this key has dimension {keyDimension}.");

    private static string ResumeIngest(long stored) => $"Rows before {stored} are stored; rerun with --skip {stored}.";

    private static string ResumeRotation(ulong? from) => $"rerun with --resume-from {from?.ToString(CultureInfo.InvariantCulture) ?? "(the start)"}.";
}
