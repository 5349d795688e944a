using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Rbac;

namespace VectaX.Collections;

/// <summary>
/// The class registry: each access class's header stored once per class and epoch, beside the records. Its core
/// (authority, epoch, nonce, similarity parameters, policy box, class MAC: a few hundred bytes) is one point of
/// <see cref="ClassRegistry"/>, keyed by the class tag, which every search reads; its entry table (40 bytes per
/// admitted combination, padded to a power of two) is cut into pieces of <see cref="EntriesPerPiece"/> entries in
/// <see cref="ClassEntries"/>, which a user key fetches only the first time it meets the class (its key caches the
/// class, or that it may not open it, after that). The authority needs only the core.
/// </summary>
public sealed partial class EncryptedCollection
{
    /// <summary>Appended to the collection name to name the store collection holding class headers' entry tables.</summary>
    public const string ClassEntriesSuffix = "_vx_class_entries";

    /// <summary>Entries per stored piece of a class header's entry table (160 KiB).</summary>
    public const int EntriesPerPiece = 4096;

    private static readonly byte[] s_pieceDomain = "VectaX/registry/piece"u8.ToArray();

    /// <summary>The store collection holding the entry tables of the registry's class headers, in pieces.</summary>
    public string ClassEntries => Name + ClassEntriesSuffix;

    /// <summary>
    /// The ids of the pieces of a class header's entry table, from its core: a core moved to another registry entry
    /// still finds its own entries, and a core finds no other's.
    /// </summary>
    public static ulong[] PieceIds(ReadOnlySpan<byte> classCore)
    {
        int coreLength = RbacHeaders.ClassCoreLength(classCore);
        var ids = new ulong[(RbacHeaders.ClassEntryCount(classCore) + EntriesPerPiece - 1) / EntriesPerPiece];
        Span<byte> input = stackalloc byte[s_pieceDomain.Length + SHA256.HashSizeInBytes + 4];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        s_pieceDomain.CopyTo(input);
        SHA256.HashData(classCore[..coreLength], input[s_pieceDomain.Length..]);
        for (int i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input[^4..], i);
            SHA256.HashData(input, digest);
            ids[i] = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        }

        return ids;
    }

    /// <summary>
    /// The whole header (core and entry table) of an access class from the registry, by the class tag a record's header
    /// names (<see cref="RbacHeaders.RecordClassTag"/>): what a user key opens the class with, e.g. to keep it offline.
    /// <see cref="StoreException"/> when the registry lacks the class, <see cref="MalformedDataException"/> when a piece
    /// of its entry table is missing or damaged.
    /// </summary>
    public async Task<byte[]> ClassHeaderAsync(string classTag, CancellationToken cancellationToken = default)
    {
        await EnsureRegistryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StoredPoint> found = await _store.RetrieveAsync(ClassRegistry, [RbacHeaders.ClassKey(classTag)], cancellationToken).ConfigureAwait(false);
        byte[] core = found.Count == 1 && found[0].Payload.TryGetValue(PayloadFields.ClassHeader, out string? text) && TryBase64(text) is { } bytes ? bytes
            : throw new StoreException($"Access class {classTag} is not in the class registry '{ClassRegistry}'.");
        return await WholeHeaderAsync(core, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureRegistryAsync(CancellationToken cancellationToken)
    {
        if (!_registryReady)
        {
            await _store.EnsureCollectionAsync(ClassRegistry, 1, cancellationToken).ConfigureAwait(false);
            await _store.EnsureCollectionAsync(ClassEntries, 1, cancellationToken).ConfigureAwait(false);
            _registryReady = true;
        }
    }

    /// <summary>Stores every class sealed into since the last upload, before the points that need it: its entry table's pieces first, then its core.</summary>
    private async Task RegisterClassesAsync(CancellationToken cancellationToken)
    {
        if (_unregistered.IsEmpty)
        {
            return;
        }

        KeyValuePair<string, ReadOnlyMemory<byte>>[] pending = [.. _unregistered];
        await EnsureRegistryAsync(cancellationToken).ConfigureAwait(false);
        foreach ((string tag, ReadOnlyMemory<byte> header) in pending)
        {
            ulong id = RbacHeaders.ClassKey(tag);
            int coreLength = RbacHeaders.ClassCoreLength(header.Span);
            ulong[] pieces = PieceIds(header.Span);
            int pieceBytes = EntriesPerPiece * RbacHeaders.ClassEntrySize;
            for (int first = 0; first < pieces.Length; first += 8)
            {
                // Eight pieces (1.3 MiB) a request keeps each request well under a server's request limit.
                var batch = new List<StoredPoint>();
                for (int i = first; i < Math.Min(pieces.Length, first + 8); i++)
                {
                    ReadOnlyMemory<byte> piece = header[(coreLength + (i * pieceBytes))..];
                    piece = piece[..Math.Min(piece.Length, pieceBytes)];
                    batch.Add(new StoredPoint(pieces[i], [0f], new Dictionary<string, string> { [PayloadFields.ClassEntries] = Convert.ToBase64String(piece.Span) }, []));
                }

                await _store.UpsertAsync(ClassEntries, batch, cancellationToken).ConfigureAwait(false);
            }

            await _store.UpsertAsync(ClassRegistry, [new StoredPoint(id, [0f], new Dictionary<string, string> { [PayloadFields.ClassHeader] = Convert.ToBase64String(header.Span[..coreLength]) }, [])], cancellationToken).ConfigureAwait(false);
            _registered[tag] = true;
            _unregistered.TryRemove(tag, out _);
        }
    }

    private void NoteClass(PolicySealer sealer)
    {
        if (!_registered.ContainsKey(sealer.Class.Tag))
        {
            _unregistered.TryAdd(sealer.Class.Tag, sealer.ClassHeader);
        }
    }

    /// <summary>Every class core in the registry by registry id; an entry that is not base64 is left out.</summary>
    private async Task<Dictionary<ulong, byte[]>> ReadClassCoresAsync(CancellationToken cancellationToken)
    {
        await EnsureRegistryAsync(cancellationToken).ConfigureAwait(false);
        var cores = new Dictionary<ulong, byte[]>();
        foreach (StoredPoint entry in await ScrollAllAsync(ClassRegistry, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Payload.TryGetValue(PayloadFields.ClassHeader, out string? text) && TryBase64(text) is { } core)
            {
                cores[entry.Id] = core;
            }
        }

        return cores;
    }

    /// <summary>One lane per access class <paramref name="open"/> opens among the registry's, with a similarity key of the query's dimension.</summary>
    private async Task<List<Lane>> ClassLanesAsync(Func<byte[], ulong, Task<AccessClass?>> open, int dimension, CancellationToken cancellationToken)
    {
        var lanes = new List<Lane>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((ulong id, byte[] core) in await ReadClassCoresAsync(cancellationToken).ConfigureAwait(false))
        {
            AccessClass? accessClass;
            try
            {
                accessClass = await open(core, id).ConfigureAwait(false);
            }
            catch (VectaXException e) when (e is not StoreException)
            {
                continue; // a damaged entry: its class stays out of the search, as one the key may not open
            }

            if (accessClass is not null && accessClass.Similarity?.Dimension == dimension && seen.Add(accessClass.Tag))
            {
                lanes.Add(new Lane(accessClass.SimilarityCipher, accessClass));
            }
        }

        return lanes;
    }

    /// <summary>The class a user key opens from a registry core: from the key's cache, or with the entry table fetched once; null when it may not.</summary>
    private async Task<AccessClass?> UserClassAsync(UserKey user, byte[] core, CancellationToken cancellationToken) =>
        user.TryGetCachedClass(core, out AccessClass? known) ? known : user.OpenClassCached(await WholeHeaderAsync(core, cancellationToken).ConfigureAwait(false));

    /// <summary>A class header's core followed by its entry table, read from the pieces its core names.</summary>
    private async Task<byte[]> WholeHeaderAsync(byte[] core, CancellationToken cancellationToken)
    {
        int coreLength = RbacHeaders.ClassCoreLength(core);
        int entries = RbacHeaders.ClassEntryCount(core);
        ulong[] ids = PieceIds(core);
        IReadOnlyList<StoredPoint> found = await _store.RetrieveAsync(ClassEntries, ids, cancellationToken).ConfigureAwait(false);
        var byId = found.ToDictionary(p => p.Id);
        byte[] header = new byte[coreLength + (entries * RbacHeaders.ClassEntrySize)];
        core.AsSpan(0, coreLength).CopyTo(header);
        int at = coreLength;
        foreach (ulong pieceId in ids)
        {
            byte[] piece = byId.TryGetValue(pieceId, out StoredPoint? p) && p.Payload.TryGetValue(PayloadFields.ClassEntries, out string? text) && TryBase64(text) is { } bytes ? bytes
                : throw new MalformedDataException($"A piece of an access class's entry table is missing from '{ClassEntries}' or unreadable.");
            if (piece.Length > header.Length - at)
            {
                throw new MalformedDataException($"A piece of an access class's entry table in '{ClassEntries}' is longer than its class header declares.");
            }

            piece.CopyTo(header, at);
            at += piece.Length;
        }

        return at == header.Length ? header : throw new MalformedDataException($"The pieces of an access class's entry table in '{ClassEntries}' are shorter than its class header declares.");
    }

    /// <summary>The registry's core of a sealed point's class (found by the tag its header names); <see cref="StoreException"/> when the registry lacks it.</summary>
    private async Task<byte[]> ClassCoreOfAsync(StoredPoint point, CancellationToken cancellationToken)
    {
        await EnsureRegistryAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StoredPoint> found = await _store.RetrieveAsync(ClassRegistry, [RegistryId(point)], cancellationToken).ConfigureAwait(false);
        return found.Count == 1 && found[0].Payload.TryGetValue(PayloadFields.ClassHeader, out string? text) && TryBase64(text) is { } core ? core
            : throw new StoreException($"Point {point.Id}: its access class is not in the class registry '{ClassRegistry}' (deleted or never registered); a writer sealing under its policy registers it again.");
    }

    /// <summary>Removes the registry's classes (core and entry pieces) that <paramref name="stale"/> picks.</summary>
    private async Task RemoveClassesAsync(Func<byte[], bool> stale, CancellationToken cancellationToken)
    {
        var cores = new List<ulong>();
        var pieces = new List<ulong>();
        foreach ((ulong id, byte[] core) in await ReadClassCoresAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stale(core))
            {
                cores.Add(id);
                pieces.AddRange(PieceIds(core));
            }
        }

        if (cores.Count > 0)
        {
            await _store.DeleteAsync(ClassRegistry, cores, cancellationToken).ConfigureAwait(false);
            await _store.DeleteAsync(ClassEntries, pieces, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The registry id of a sealed point's class, from the tag its header names; typed errors for a malformed header.</summary>
    private static ulong RegistryId(StoredPoint point)
    {
        try
        {
            return RbacHeaders.ClassKey(RbacHeaders.RecordClassTag(Sealed(point).Header));
        }
        catch (MalformedDataException e)
        {
            throw new MalformedPointException(point.Id, PayloadFields.EncryptedHeader, "cannot be read", e);
        }
    }

    /// <summary>The class <paramref name="open"/> makes of a registry core, or null when it may not (another epoch, policy or authority) or the core is damaged.</summary>
    private static AccessClass? TryOpen(byte[] core, Func<byte[], AccessClass> open)
    {
        try
        {
            return open(core);
        }
        catch (VectaXException)
        {
            return null;
        }
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
