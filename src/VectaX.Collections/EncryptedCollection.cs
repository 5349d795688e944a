using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VectaX.Kernels;
using VectaX.Rbac;

namespace VectaX.Collections;

/// <summary>
/// A collection of encrypted records in any <see cref="IVectorStore"/>. Records without a policy are encrypted under
/// the ring's active key; records under a policy are sealed and their vectors encrypted under their access class's
/// similarity key, whose class header the collection keeps in a class registry beside it. Search encrypts the query
/// under every key the caller holds (ring keys, and the class keys its user key or authority opens), sends one batch
/// of queries (each class's filtered on its tag), merges by distance, decrypts the best
/// <c>limit * RerankFactor</c> and re-scores them exactly in plaintext. Each vector's tag is bound to the collection
/// name, point id and revision (<see cref="RecordBinding"/>), each RBAC header and sealed blob to the collection and
/// point id; a point that is malformed or fails those checks is skipped and reported in
/// <see cref="SearchResults.Skipped"/>, never returned.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A vector store's collection is the domain term, not a .NET collection type.")]
public sealed partial class EncryptedCollection
{
    /// <summary>Default candidates per result: the smallest factor keeping recall@10 >= 0.99 at every noise level measured on real embeddings (docs/RECALL.md).</summary>
    public const int DefaultRerankFactor = 3;

    /// <summary>Appended to the collection name to name its class registry (one point per access class, dimension 1).</summary>
    public const string ClassRegistrySuffix = "_vx_classes";

    private readonly IVectorStore _store;
    private readonly KeyRing? _keys;
    private readonly RbacAuthority? _authority;
    private readonly byte[] _nameBytes;
    private readonly KernelSet _kernels = KernelDispatch.Default;
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _unregistered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _registered = new(StringComparer.Ordinal);
    private volatile bool _registryReady;

    /// <summary>
    /// Binds a store collection to a key ring and, for RBAC records, an authority. Without a ring (null), the collection
    /// serves only user-key searches and opens (and, with an authority, revocation).
    /// </summary>
    public EncryptedCollection(IVectorStore store, string name, KeyRing? keys, RbacAuthority? authority = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _ = new RecordBinding(name, 0, 0).ToBytes(); // a name no binding can hold (a lone surrogate, over 65,535 bytes) is refused here
        _store = store;
        Name = name;
        _nameBytes = Encoding.UTF8.GetBytes(name);
        _keys = keys;
        _authority = authority;
    }

    /// <summary>The store's collection name.</summary>
    public string Name { get; }

    /// <summary>The store collection holding one header per access class.</summary>
    public string ClassRegistry => Name + ClassRegistrySuffix;

    /// <summary>Candidates fetched per requested result, at least 1.</summary>
    public int RerankFactor { get; init; } = DefaultRerankFactor;

    /// <summary>
    /// Trusted revisions kept outside the store. With one, a point rolled back to an older write is skipped as bad;
    /// without one, the revision stored beside the point is used, which catches moved points but not a rollback.
    /// </summary>
    public IRevisionLedger? Ledger { get; init; }

    private KeyRing Keys => _keys ?? throw new InvalidOperationException("This collection was opened without a key ring: it serves user-key searches only.");

    private RbacAuthority Authority => _authority ?? throw new InvalidOperationException("Sealing a record under a policy needs the collection's RbacAuthority.");

    /// <summary>Creates the collection and its class registry, or checks the collection's dimension against the keys.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureCollectionAsync(Name, Keys.Active.Dimension, cancellationToken).ConfigureAwait(false);
        await EnsureRegistryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encrypts (on every core) and stores the records: under the active key, or under a policy sealed and encrypted under its class key.</summary>
    public Task UpsertAsync(IReadOnlyList<PlainRecord> records, CancellationToken cancellationToken = default) =>
        UploadAsync(Prepare(records), cancellationToken);

    /// <summary>The records encrypted (and sealed) on every core, ready to store; <see cref="IngestPipeline"/> uploads them.</summary>
    public StoredPoint[] Prepare(IReadOnlyList<PlainRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var points = new StoredPoint[records.Count];
        ParallelRows.For(records.Count, -1, i => points[i] = Encrypt(records[i]));
        return points;
    }

    /// <summary>
    /// Stores points made by <see cref="Prepare"/>, registering the header of any access class not yet in the registry
    /// first, then records their revisions in the <see cref="Ledger"/>, if any.
    /// </summary>
    public async Task UploadAsync(IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        await RegisterClassesAsync(cancellationToken).ConfigureAwait(false);
        await _store.UpsertAsync(Name, points, cancellationToken).ConfigureAwait(false);
        if (Ledger is not null)
        {
            foreach (StoredPoint p in points)
            {
                Ledger.Record(p.Id, StoredRevision(p));
            }
        }
    }

    /// <summary>
    /// The key holder's decryption of one stored point, checked against its binding: under the ring, or under its
    /// class key (its class header read from the registry) when the collection holds the authority; typed errors for a
    /// malformed or altered point.
    /// </summary>
    public async Task<float[]> DecryptAsync(StoredPoint point, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!IsSealed(point))
        {
            return DecryptUnderRing(point);
        }

        RbacAuthority authority = Authority;
        byte[] core = await ClassCoreOfAsync(point, cancellationToken).ConfigureAwait(false);
        VectorCipher cipher = authority.OpenClassCached(core).SimilarityCipher;
        float[] plain = new float[cipher.Dimension];
        cipher.Decrypt(point.Vector, Metadata(point), plain, Binding(point));
        return plain;
    }

    /// <summary>
    /// Re-encrypts, page by page, every point without a policy that is not under the ring's active key (decrypted with
    /// the key its metadata names), keeping its payload and revision. Records under a policy are under their class keys
    /// and move with <see cref="RevokeAsync"/>. Queries keep working throughout, since they are encrypted under every
    /// key of the ring. Resumable: progress reports the id to resume from. A malformed or altered point stops it with a
    /// <see cref="StoreException"/> naming the point. Returns the number of points re-encrypted.
    /// </summary>
    public Task<long> RotateAsync(ulong? resumeFrom = null, int pageSize = 256, IProgress<RotationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RenewPagesAsync(RotatePage, resumeFrom, pageSize, progress, cancellationToken);

    /// <summary>
    /// Moves every record under a policy to the authority's current epoch, page by page: eagerly (the default) each is
    /// re-sealed under the new epoch's sealer data key, so a revoked key that kept an old header and blob opens nothing current; with
    /// <paramref name="reseal"/> false its header is only re-wrapped (lazy: the data key and sealed blob stay). Either
    /// way its vector is re-encrypted under the new epoch's class key, with a new revision. Resumable like
    /// <see cref="RotateAsync"/> (a resumed run also re-reads the points before its resume id, so too high an id leaves
    /// nothing behind); once the last page is done, the registry's classes of older epochs are removed. A
    /// malformed or altered point stops it with a <see cref="StoreException"/> naming the point. Returns the number of
    /// records moved.
    /// </summary>
    public async Task<long> RevokeAsync(bool reseal = true, ulong? resumeFrom = null, int pageSize = 256, IProgress<RotationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        RbacAuthority authority = Authority;
        IReadOnlyDictionary<ulong, byte[]> cores = await ReadClassCoresAsync(cancellationToken).ConfigureAwait(false);
        Func<IReadOnlyList<StoredPoint>, StoredPoint[]> renew = page => RenewEach(page, p => Rotating(p, () => Renew(p, authority, cores, reseal)));
        long moved = await RenewPagesAsync(renew, resumeFrom, pageSize, progress, cancellationToken).ConfigureAwait(false);
        if (resumeFrom is { } resumed)
        {
            // A resume id past where the run stopped would leave records at the old epoch (still open to a revoked key)
            // whose classes are removed below; the records before it are read again, and moved if any was left.
            moved += await RenewPagesAsync(renew, null, pageSize, progress, cancellationToken, stopAt: resumed).ConfigureAwait(false);
        }

        await RemoveClassesAsync(core => TryOpen(core, c => authority.OpenClassCached(c)) is { } old && old.Epoch != authority.Epoch, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    /// <summary>The number of points in the store's collection.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => _store.CountAsync(Name, cancellationToken);

    /// <summary>The id after the highest stored one (0 when empty): where records appended without clashing start.</summary>
    public async Task<ulong> NextIdAsync(CancellationToken cancellationToken = default) =>
        await _store.HighestIdAsync(Name, cancellationToken).ConfigureAwait(false) switch
        {
            null => 0,
            ulong.MaxValue => throw new StoreException($"Collection '{Name}' holds the largest id, {ulong.MaxValue}: no id is left above it."),
            ulong highest => highest + 1,
        };

    /// <summary>The lowest stored id from <paramref name="first"/> to <paramref name="last"/> (inclusive), or null: the first record an upsert of those ids would replace.</summary>
    public async Task<ulong?> FirstTakenIdAsync(ulong first, ulong last, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        (IReadOnlyList<StoredPoint> points, _) = await _store.ScrollAsync(Name, first, 1, cancellationToken).ConfigureAwait(false);
        return points.Count == 1 && points[0].Id <= last ? points[0].Id : null;
    }

    /// <summary>
    /// The key holder's search (a trusted service): the nearest <paramref name="limit"/> records, exactly re-ranked,
    /// with public fields; bad candidates are skipped and listed. Records under a policy take part only when the
    /// collection holds the authority, which opens every class. <see cref="UnknownKeyException"/> when the nearest
    /// points are all under keys the ring lacks.
    /// </summary>
    public async Task<SearchResults> SearchAsync(float[] query, int limit, CancellationToken cancellationToken = default)
    {
        var lanes = Keys.KeyIds.Select(id => new Lane(Keys[id], null)).ToList();
        if (_authority is { } authority)
        {
            lanes.AddRange(await ClassLanesAsync((core, _) => Task.FromResult(TryOpen(core, c => authority.OpenClassCached(c))), query.Length, cancellationToken).ConfigureAwait(false));
        }

        return await SearchLanesAsync(query, limit, lanes, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A user's search with its user key alone: the query is encrypted under the similarity key of each access class
    /// the key opens (found in the class registry) and matched only against that class's points, so the limit counts
    /// only records the user may open; each result is re-ranked on its exact vector and returned with its payload.
    /// Points that are malformed or fail authentication are skipped and listed.
    /// </summary>
    public async Task<SearchResults> SearchAsync(float[] query, int limit, UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(query);
        List<Lane> lanes = await ClassLanesAsync((core, _) => UserClassAsync(user, core, cancellationToken), query.Length, cancellationToken).ConfigureAwait(false);
        return await SearchLanesAsync(query, limit, lanes, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens one stored record with a user key; <see cref="AccessDeniedException"/> when the key does not satisfy its policy.</summary>
    public async Task<OpenedRecord> OpenAsync(ulong id, UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        IReadOnlyList<StoredPoint> found = await _store.RetrieveAsync(Name, [id], cancellationToken).ConfigureAwait(false);
        StoredPoint p = found.Count == 1 ? found[0] : throw new StoreException($"Point {id} is not in collection '{Name}'.");
        if (!IsSealed(p))
        {
            throw new AccessDeniedException($"Point {p.Id} was stored without a policy; only the key holder reads it.");
        }

        byte[] core = await ClassCoreOfAsync(p, cancellationToken).ConfigureAwait(false);
        AccessClass accessClass = await UserClassAsync(user, core, cancellationToken).ConfigureAwait(false)
            ?? throw new AccessDeniedException("The key's attributes do not satisfy the record's policy.");
        (byte[] header, byte[] sealedBlob) = Sealed(p);
        return accessClass.Open(header, sealedBlob, Context(p.Id));
    }

    private async Task<SearchResults> SearchLanesAsync(float[] query, int limit, List<Lane> lanes, bool openPayloads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        int factor = Math.Max(1, RerankFactor);
        if (limit < 1 || limit > int.MaxValue / factor)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be from 1 to {int.MaxValue / factor} (int.MaxValue candidates over a rerank factor of {factor}).");
        }

        var skipped = new Dictionary<ulong, SkippedPoint>();
        int classes = lanes.Count(l => l.Class is not null);
        if (lanes.Count == 0)
        {
            return new SearchResults([], [], classes);
        }

        int fetch = limit * factor;
        var requests = lanes.Select(l => new VectorQuery(l.Cipher.EncryptQuery(query), fetch, l.Class is null ? null : [l.Class.Tag])).ToList();
        IReadOnlyList<IReadOnlyList<ScoredPoint>> answers = await _store.QueryBatchAsync(Name, requests, cancellationToken).ConfigureAwait(false);

        // Every key shares the collection's scale here, but a rotation may change it: compare distances divided by s^2.
        var candidates = new Dictionary<ulong, (ScoredPoint Point, Lane Lane, float Distance)>();
        var foreign = new Dictionary<ulong, uint>();
        for (int l = 0; l < lanes.Count; l++)
        {
            Lane lane = lanes[l];
            foreach (ScoredPoint s in answers[l])
            {
                uint pointKey;
                try
                {
                    pointKey = EncryptedVectorFormat.ReadKeyId(Metadata(s.Point));
                }
                catch (MalformedPointException e)
                {
                    skipped.TryAdd(s.Point.Id, new SkippedPoint(s.Point.Id, e));
                    continue;
                }

                if (pointKey == lane.Cipher.KeyId && IsSealed(s.Point) == (lane.Class is not null))
                {
                    float normalised = s.Distance / (lane.Cipher.Scale * lane.Cipher.Scale);
                    if (!candidates.TryGetValue(s.Point.Id, out var known) || normalised < known.Distance)
                    {
                        candidates[s.Point.Id] = (s, lane, normalised);
                    }
                }
                else if (!IsSealed(s.Point) && _keys?.KeyIds.Contains(pointKey) != true)
                {
                    foreign.TryAdd(s.Point.Id, pointKey);
                }
            }
        }

        // Nothing under our keys, but points under a key we lack: the wrong key, not an empty answer. Beside good
        // candidates, such points are listed as skipped, not left out unsaid.
        if (candidates.Count == 0 && foreign.Count > 0 && lanes.Any(l => l.Class is null))
        {
            throw new UnknownKeyException(foreign.Values.First());
        }

        foreach ((ulong id, uint missing) in foreign)
        {
            skipped.TryAdd(id, new SkippedPoint(id, new UnknownKeyException(missing)));
        }

        var ranked = new List<(StoredPoint Point, Lane Lane, float[] Vector, float Distance)>();
        foreach ((ScoredPoint s, Lane lane, _) in candidates.Values.OrderBy(c => c.Distance).Take(fetch))
        {
            float[] vector = new float[s.Point.Vector.Length];
            try
            {
                lane.Cipher.Decrypt(s.Point.Vector, Metadata(s.Point), vector, Binding(s.Point));
            }
            catch (VectaXException e)
            {
                skipped.TryAdd(s.Point.Id, new SkippedPoint(s.Point.Id, e));
                continue;
            }

            ranked.Add((s.Point, lane, vector, _kernels.SquaredDistance(vector, query)));
        }

        var hits = new List<SearchHit>(limit);
        foreach ((StoredPoint p, Lane lane, float[] vector, float distance) in ranked.OrderBy(r => r.Distance).ThenBy(r => r.Point.Id))
        {
            if (hits.Count == limit)
            {
                break;
            }

            if (!openPayloads || lane.Class is null)
            {
                hits.Add(new SearchHit(p.Id, MathF.Sqrt(distance), vector, PublicFields(p), null));
                continue;
            }

            OpenedRecord opened;
            try
            {
                (byte[] header, byte[] sealedBlob) = Sealed(p);
                opened = lane.Class.Open(header, sealedBlob, Context(p.Id));
            }
            catch (VectaXException e)
            {
                // A header or blob altered, or moved from another point: never surfaced, and listed.
                skipped.TryAdd(p.Id, new SkippedPoint(p.Id, e));
                continue;
            }

            float[] exact = opened.Vector ?? vector;
            hits.Add(new SearchHit(p.Id, MathF.Sqrt(_kernels.SquaredDistance(exact, query)), exact, PublicFields(p), opened.Payload));
        }

        return new SearchResults(hits, [.. skipped.Values.OrderBy(s => s.Id)], classes);
    }

    /// <summary>Scrolls the collection page by page (up to <paramref name="stopAt"/>, if given), storing what <paramref name="renewPage"/> makes of each page (the points it changed).</summary>
    private async Task<long> RenewPagesAsync(Func<IReadOnlyList<StoredPoint>, StoredPoint[]> renewPage, ulong? resumeFrom, int pageSize, IProgress<RotationProgress>? progress, CancellationToken cancellationToken, ulong? stopAt = null)
    {
        ulong? cursor = resumeFrom;
        long renewed = 0;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await _store.ScrollAsync(Name, cursor, pageSize, cancellationToken).ConfigureAwait(false);
            StoredPoint[] changed = renewPage(page);
            if (changed.Length > 0)
            {
                await UploadAsync(changed, cancellationToken).ConfigureAwait(false);
            }

            renewed += changed.Length;
            cursor = next;
            progress?.Report(new RotationProgress(renewed, next));
        }
        while (cursor is { } at && (stopAt is null || at < stopAt));

        return renewed;
    }

    private async Task<List<StoredPoint>> ScrollAllAsync(string collection, CancellationToken cancellationToken)
    {
        var all = new List<StoredPoint>();
        ulong? cursor = null;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await _store.ScrollAsync(collection, cursor, 256, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            cursor = next;
        }
        while (cursor is not null);

        return all;
    }

    private StoredPoint Encrypt(PlainRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var payload = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in record.PublicFields ?? new Dictionary<string, string>())
        {
            if (PayloadFields.IsReserved(key))
            {
                throw new ArgumentException($"Payload field '{key}' is a name VectaX reserves for its own fields.", nameof(record));
            }

            payload[key] = value;
        }

        if (record.Policy is null && record.Payload is { Length: > 0 })
        {
            throw new ArgumentException("A private payload needs a policy to be sealed under; put public data in PublicFields.", nameof(record));
        }

        PolicySealer? sealer = record.Policy is null ? null : Authority.CreateSealer(record.Policy, SimilarityParameters.Of(Keys.Active));
        ulong revision = NewRevision();
        EncryptedVector encrypted;
        try
        {
            encrypted = (sealer?.SimilarityCipher ?? Keys.Active).Encrypt(record.Vector, new RecordBinding(Name, record.Id, revision).ToBytes());
        }
        catch (InvalidVectorException e)
        {
            throw new InvalidVectorException($"Record {record.Id}: {e.Message}");
        }

        payload[PayloadFields.Revision] = revision.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<string> tags = [];
        if (sealer is not null)
        {
            SealedRecord sealedRecord = sealer.Seal(record.Vector, record.Payload ?? [], Context(record.Id));
            payload[PayloadFields.EncryptedHeader] = sealedRecord.HeaderBase64;
            payload[PayloadFields.EncryptedPayload] = sealedRecord.SealedBase64;
            tags = sealedRecord.AccessTags;
            NoteClass(sealer);
        }

        // After the header: an RBAC record keeps its metadata serialized, a plain one in parts.
        PayloadFields.WriteMetadata(payload, encrypted.Metadata);
        return new StoredPoint(record.Id, encrypted.Ciphertext, payload, tags);
    }

    /// <summary>The points of a page that <paramref name="renew"/> changed (it returns null for a point it leaves), renewed on every core.</summary>
    private static StoredPoint[] RenewEach(IReadOnlyList<StoredPoint> page, Func<StoredPoint, StoredPoint?> renew)
    {
        var fresh = new StoredPoint?[page.Count];
        ParallelRows.For(page.Count, -1, i => fresh[i] = renew(page[i]));
        return [.. fresh.OfType<StoredPoint>()];
    }

    /// <summary>A sealed point moved to the authority's epoch (null when it is there already), its vector under the new class key and a new revision.</summary>
    private StoredPoint? Renew(StoredPoint p, RbacAuthority authority, IReadOnlyDictionary<ulong, byte[]> cores, bool reseal)
    {
        if (!IsSealed(p))
        {
            return null;
        }

        (byte[] header, byte[] sealedBlob) = Sealed(p);
        if (RbacHeaders.RecordEpoch(header) == authority.Epoch)
        {
            return null;
        }

        byte[] core = cores.TryGetValue(RegistryId(p), out byte[]? found) ? found
            : throw new StoreException($"Point {p.Id}: its access class is not in the class registry '{ClassRegistry}'.");
        byte[] context = Context(p.Id);
        OpenedRecord opened = authority.Open(core, header, sealedBlob, context);
        PolicySealer sealer = authority.SealerFor(core);
        float[] vector = opened.Vector ?? throw new StoreException($"Point {p.Id} was sealed without its vector; it cannot be re-encrypted.");
        try
        {
            ulong revision = NewRevision();
            EncryptedVector encrypted = sealer.SimilarityCipher.Encrypt(vector, new RecordBinding(Name, p.Id, revision).ToBytes());
            var payload = new Dictionary<string, string>(p.Payload, StringComparer.Ordinal) { [PayloadFields.Revision] = revision.ToString(CultureInfo.InvariantCulture) };
            if (reseal)
            {
                SealedRecord record = sealer.Seal(vector, opened.Payload, context);
                payload[PayloadFields.EncryptedHeader] = record.HeaderBase64;
                payload[PayloadFields.EncryptedPayload] = record.SealedBase64;
            }
            else
            {
                payload[PayloadFields.EncryptedHeader] = Convert.ToBase64String(authority.Rewrap(core, header));
            }

            PayloadFields.WriteMetadata(payload, encrypted.Metadata);

            NoteClass(sealer);
            return new StoredPoint(p.Id, encrypted.Ciphertext, payload, [sealer.Class.Tag]);
        }
        finally
        {
            Array.Clear(vector);
            Array.Clear(opened.Payload);
        }
    }

    /// <summary>A rotation or revocation step for one point; a bad point stops it with its id.</summary>
    private static T Rotating<T>(StoredPoint p, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (VectaXException e) when (e is not StoreException)
        {
            throw new StoreException($"Point {p.Id} cannot be rotated: {e.Message}", e);
        }
    }

    private float[] DecryptUnderRing(StoredPoint point)
    {
        float[] vector = new float[Keys.Active.Dimension];
        Keys.Decrypt(point.Vector, Metadata(point), vector, Binding(point));
        return vector;
    }

    private static ulong NewRevision() => BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    /// <summary>What the vector's tag is bound to: this collection, the point id, and the ledger's revision if it has one, else the stored one.</summary>
    private byte[] Binding(StoredPoint p)
    {
        ulong revision = Ledger is not null && Ledger.TryGet(p.Id, out ulong trusted) ? trusted : StoredRevision(p);
        return new RecordBinding(Name, p.Id, revision).ToBytes();
    }

    private static ulong StoredRevision(StoredPoint p) => PayloadFields.ReadRevision(p);

    private static bool IsSealed(StoredPoint p) => p.Payload.ContainsKey(PayloadFields.EncryptedHeader);

    private static byte[] Metadata(StoredPoint p) => PayloadFields.ReadMetadata(p);

    /// <summary>The point's RBAC header and sealed blob; <see cref="MalformedPointException"/> naming the field when one is missing or unreadable.</summary>
    private static (byte[] Header, byte[] Sealed) Sealed(StoredPoint p) =>
        PayloadFields.ReadSealed(p) ?? throw new MalformedPointException(p.Id, PayloadFields.EncryptedHeader, "is missing");

    /// <summary>A header and its sealed blob are bound to the collection and point id, so they cannot be moved to another point or collection.</summary>
    private byte[] Context(ulong id)
    {
        byte[] context = new byte[2 + _nameBytes.Length + sizeof(ulong)];
        BinaryPrimitives.WriteUInt16LittleEndian(context, (ushort)_nameBytes.Length);
        _nameBytes.CopyTo(context, 2);
        BinaryPrimitives.WriteUInt64LittleEndian(context.AsSpan(2 + _nameBytes.Length), id);
        return context;
    }

    private static Dictionary<string, string> PublicFields(StoredPoint p) =>
        p.Payload.Where(kv => !PayloadFields.IsReserved(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>A query's key: a ring cipher (no filter, owned by the ring), or a class's similarity cipher filtered on its tag (owned by the class, which the key's cache holds).</summary>
    private sealed record Lane(VectorCipher Cipher, AccessClass? Class);
}
