using System.CommandLine;
using System.Globalization;
using VectaX.Collections;
using VectaX.Rbac;

namespace VectaX.Cli;

/// <summary>rbac authority | issue | inspect: an authority file, user keys, and what a header says in public.</summary>
internal static class RbacCommands
{
    public static Command Create(TextWriter output, ProgressDisplay progress)
    {
        var command = new Command("rbac", "Access control: create an authority, show its vocabulary, issue user keys, inspect headers.");
        command.Subcommands.Add(Authority(output));
        command.Subcommands.Add(Vocabulary(output));
        command.Subcommands.Add(Issue(output));
        command.Subcommands.Add(Inspect(output));
        command.Subcommands.Add(Revoke(output, progress));
        return command;
    }

    private static Command Authority(TextWriter output)
    {
        var vocabulary = new Option<string>("--vocabulary") { Required = true, Description = "Categories and values, e.g. \"roles=admin,analyst;departments=research,engineering\"." };
        var epoch = new Option<uint>("--epoch") { Description = "Epoch of keys and headers.", DefaultValueFactory = _ => 1 };
        var outPath = FileOption.Create<string>("--out", FileUse.Secret, "Authority file to write (owner-only; holds the master secret).", required: true);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("authority", "Create an RBAC authority with a fresh master secret.") { vocabulary, epoch, outPath, force };
        command.SetAction(p =>
        {
            PolicyVocabulary v = OptionValue.Read("--vocabulary", p.GetValue(vocabulary)!, AttributeSetText.ParseVocabulary);
            using RbacAuthority authority = RbacAuthority.Create(v, p.GetValue(epoch));
            SecretFile.Write(p.GetValue(outPath)!, authority, p.GetValue(force));
            output.WriteLine($"wrote {authority} to {p.GetValue(outPath)}");
            return 0;
        });
        return command;
    }

    private static Command Issue(TextWriter output)
    {
        var authorityPath = FileOption.Create<string>("--authority", FileUse.Read, "Authority file.", required: true);
        var attributes = new Option<string>("--attributes") { Required = true, Description = "The user's attributes, e.g. \"roles=analyst;departments=research\"." };
        var outPath = FileOption.Create<string>("--out", FileUse.Secret, "User key file to write (owner-only).", required: true);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("issue", "Issue a user key for a set of attributes.") { authorityPath, attributes, outPath, force };
        command.SetAction(p =>
        {
            using RbacAuthority authority = OptionValue.Authority("--authority", p.GetValue(authorityPath)!);
            using UserKey key = authority.IssueUserKey(OptionValue.Read("--attributes", p.GetValue(attributes)!, a => AttributeSetText.Parse(authority.Vocabulary, a)));
            SecretFile.Write(p.GetValue(outPath)!, key, p.GetValue(force));
            output.WriteLine($"wrote {key} to {p.GetValue(outPath)}");
            return 0;
        });
        return command;
    }

    private static Command Vocabulary(TextWriter output)
    {
        var authorityPath = FileOption.Create<string>("--authority", FileUse.Read, "Authority file.", required: true);
        var command = new Command("vocabulary", "Show the categories and values policies and user keys may name.") { authorityPath };
        command.SetAction(p =>
        {
            using RbacAuthority authority = OptionValue.Authority("--authority", p.GetValue(authorityPath)!);
            output.WriteLine($"authority {authority.Id}, epoch {authority.Epoch}");
            output.WriteLine(authority.Vocabulary.ToString());
            return 0;
        });
        return command;
    }

    private static Command Inspect(TextWriter output)
    {
        var header = new Option<string?>("--header") { Description = "A record header, base64." };
        var id = new Option<ulong?>("--id") { Description = "Or: the id of a stored record whose header to read (with --store or --qdrant)." };
        var target = new StoreTarget(FileUse.Read);
        var command = new Command("inspect", "Show what a record header, and with --id its class header in the registry, say in public: version, authority, epoch, class, sizes.") { header, id };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            if (p.GetValue(header) is { } base64)
            {
                output.WriteLine(OptionValue.Read("--header", base64, b => Describe(Convert.FromBase64String(b))));
                return 0;
            }

            ulong recordId = p.GetValue(id) ?? throw new ArgumentException("Give --header BASE64, or --id with --store or --qdrant.");
            using StoreTarget.Session store = target.Open(p);
            string stored = await StoredHeader(store, recordId, cancel).ConfigureAwait(false);
            byte[] record = OptionValue.Read("--id", stored, Convert.FromBase64String);
            output.WriteLine(OptionValue.Read("--id", stored, _ => Describe(record)));
            string registry = store.Name + EncryptedCollection.ClassRegistrySuffix;
            IReadOnlyList<StoredPoint> found = await store.Store.RetrieveAsync(registry, [RbacHeaders.ClassKey(RbacHeaders.RecordClassTag(record))], cancel).ConfigureAwait(false);
            output.WriteLine(found.Count == 1 && found[0].Payload.TryGetValue(PayloadFields.ClassHeader, out string? core)
                ? OptionValue.Read("--id", core, c => DescribeClass(Convert.FromBase64String(c)))
                : $"class header: not in the registry '{registry}'");
            return 0;
        });
        return command;
    }

    /// <summary>What a record header says in public.</summary>
    private static string Describe(byte[] bytes)
    {
        string authority = RbacHeaders.RecordAuthority(bytes); // checks the header before anything is read from it
        return $"record header v{bytes[0]}: authority {authority}, epoch {RbacHeaders.RecordEpoch(bytes)}, class {RbacHeaders.RecordClassTag(bytes)}, {bytes.Length} bytes";
    }

    /// <summary>What a class header's core says in public.</summary>
    private static string DescribeClass(byte[] core)
    {
        int entries = RbacHeaders.ClassEntryCount(core);
        return $"class header v{core[0]} (stored once for the class): epoch {RbacHeaders.ClassEpoch(core)}, {entries} entries (padded), {core.Length + ((long)entries * RbacHeaders.ClassEntrySize)} bytes (core {core.Length}, entry table {(long)entries * RbacHeaders.ClassEntrySize})";
    }

    private static Command Revoke(TextWriter output, ProgressDisplay progress)
    {
        var authorityPath = FileOption.Create<string>("--authority", FileUse.Read, "Authority file: its epoch is advanced (replaced atomically), unless resuming.", required: true);
        var resume = new Option<ulong?>("--resume-from") { Description = "Point id to resume an interrupted revocation from, at the file's current epoch (no new advance)." };
        var lazy = new Option<bool>("--lazy") { Description = "Only re-wrap headers (keep data keys and sealed blobs): cheaper, but a revoked key that kept an old header still opens the blob." };
        var target = new StoreTarget(FileUse.Read, writes: true);
        var command = new Command("revoke", "Advance the authority's epoch and move every record under a policy to it: re-sealed under the new epoch's data key, vector re-encrypted under the new class key. Keys of older epochs open nothing afterwards; issue new ones.") { authorityPath, resume, lazy };
        target.AddTo(command);
        command.SetAction(async (p, cancel) =>
        {
            string path = p.GetValue(authorityPath)!;
            ulong? resumeFrom = p.GetValue(resume);
            using RbacAuthority loaded = OptionValue.Authority("--authority", path);
            using RbacAuthority authority = loaded.AtEpoch(resumeFrom is null ? checked(loaded.Epoch + 1) : loaded.Epoch);
            using StoreTarget.Session store = target.Open(p);
            if (resumeFrom is null)
            {
                SecretFile.Write(path, authority, overwrite: true);
                output.WriteLine($"authority {authority.Id}: epoch {loaded.Epoch} -> {authority.Epoch} in {path}");
            }

            EncryptedCollection collection = store.Collection(null, authority);
            long total = await collection.CountAsync(cancel).ConfigureAwait(false);
            long moved;
            try
            {
                moved = await progress.RunAsync("revoke", total, bar => collection.RevokeAsync(!p.GetValue(lazy), resumeFrom, progress: new Reporter<RotationProgress>(r =>
                {
                    resumeFrom = r.ResumeFrom;
                    bar.Report(r.Rotated);
                }), cancellationToken: cancel)).ConfigureAwait(false);
            }
            catch (VectaXException e)
            {
                throw new IOException($"{e.Message} The revocation stopped; {ResumeRevocation(resumeFrom)}", e);
            }
            catch (OperationCanceledException e)
            {
                throw new CancelledException($"cancelled; {ResumeRevocation(resumeFrom)}", e);
            }
            finally
            {
                store.Save();
            }

            output.WriteLine($"{(p.GetValue(lazy) ? "re-wrapped" : "re-sealed")} {moved} records to epoch {authority.Epoch}; keys of older epochs open none of them: issue new ones with `vectax rbac issue`");
            return 0;
        });
        return command;
    }

    private static string ResumeRevocation(ulong? from) => $"rerun with --resume-from {from?.ToString(CultureInfo.InvariantCulture) ?? "0"} (the authority file already holds the new epoch).";

    private static async Task<string> StoredHeader(StoreTarget.Session store, ulong id, CancellationToken cancel)
    {
        IReadOnlyList<StoredPoint> found = await store.Store.RetrieveAsync(store.Name, [id], cancel).ConfigureAwait(false);
        return found.Count == 0 ? throw new ArgumentException($"No record {id} in collection '{store.Name}'.")
            : found[0].Payload.TryGetValue(PayloadFields.EncryptedHeader, out string? h) ? h
            : throw new ArgumentException($"Record {id} has no RBAC header (it was stored without a policy).");
    }
}
