using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using VectaX.Kernels;
using VectaX.Rbac;

namespace VectaX.Qdrant;

/// <summary>
/// A collection of encrypted records in any <see cref="IVectorStore"/>: upsert encrypts (and seals under a policy),
/// search encrypts the query under every key of the ring, fetches <c>limit * RerankFactor</c> candidates per key,
/// decrypts them (or opens them with a user key) and re-scores them exactly in plaintext. Each vector's tag is bound
/// to the collection name, point id and revision (<see cref="RecordBinding"/>); a point that is malformed or fails
/// that check is skipped and reported in <see cref="SearchResults.Skipped"/>, never returned.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A Qdrant collection is the domain term, not a .NET collection type.")]
public sealed class EncryptedCollection
{
    /// <summary>Default candidates per result: the smallest factor keeping recall@10 >= 0.99 at every noise level measured on real embeddings (docs/RECALL.md).</summary>
    public const int DefaultRerankFactor = 3;

    private readonly IVectorStore _store;
    private readonly KeyRing _keys;
    private readonly RbacAuthority? _authority;
    private readonly KernelSet _kernels = KernelDispatch.Default;

    /// <summary>Binds a store collection to a key ring and, for RBAC records, an authority.</summary>
    public EncryptedCollection(IVectorStore store, string name, KeyRing keys, RbacAuthority? authority = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(keys);
        _store = store;
        Name = name;
        _keys = keys;
        _authority = authority;
    }

    /// <summary>The store's collection name.</summary>
    public string Name { get; }

    /// <summary>Candidates fetched per requested result, at least 1.</summary>
    public int RerankFactor { get; init; } = DefaultRerankFactor;

    /// <summary>
    /// Trusted revisions kept outside the store. With one, a point rolled back to an older write is skipped as bad;
    /// without one, the revision stored beside the point is used, which catches moved points but not a rollback.
    /// </summary>
    public IRevisionLedger? Ledger { get; init; }

    /// <summary>Creates the collection, or checks its dimension against the keys.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken = default) =>
        _store.EnsureCollectionAsync(Name, _keys.Active.Dimension, cancellationToken);

    /// <summary>Encrypts (on every core) and stores the records under the active key; records with a policy are sealed too.</summary>
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

    /// <summary>Stores points made by <see cref="Prepare"/>, then records their revisions in the <see cref="Ledger"/>, if any.</summary>
    public async Task UploadAsync(IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        await _store.UpsertAsync(Name, points, cancellationToken).ConfigureAwait(false);
        if (Ledger is not null)
        {
            foreach (StoredPoint p in points)
            {
                Ledger.Record(p.Id, StoredRevision(p));
            }
        }
    }

    /// <summary>The key holder's decryption of one stored point, checked against its binding; typed errors for a malformed or altered point.</summary>
    public float[] Decrypt(StoredPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        float[] vector = new float[_keys.Active.Dimension];
        _keys.Decrypt(point.Vector, Metadata(point), vector, Binding(point));
        return vector;
    }

    /// <summary>
    /// Re-encrypts, page by page, every point not under the ring's active key (decrypted with the key its metadata
    /// names), keeping its payload, header, sealed blob and revision. Queries keep working throughout, since they are
    /// encrypted under every key of the ring. Resumable: progress reports the id to resume from; points already under
    /// the active key are skipped. A malformed or altered point stops it with a <see cref="StoreException"/> naming the
    /// point. Returns the number of points re-encrypted.
    /// </summary>
    public async Task<long> RotateAsync(ulong? resumeFrom = null, int pageSize = 256, IProgress<RotationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ulong? cursor = resumeFrom;
        long rotated = 0;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await _store.ScrollAsync(Name, cursor, pageSize, cancellationToken).ConfigureAwait(false);
            var stale = page.Where(p => Rotating(p, () => EncryptedVectorFormat.ReadKeyId(Metadata(p))) != _keys.Active.KeyId).ToList();
            var renewed = new StoredPoint[stale.Count];
            ParallelRows.For(stale.Count, -1, i => renewed[i] = Reencrypt(stale[i]));
            if (renewed.Length > 0)
            {
                await _store.UpsertAsync(Name, renewed, cancellationToken).ConfigureAwait(false);
            }

            rotated += renewed.Length;
            cursor = next;
            progress?.Report(new RotationProgress(rotated, next));
        }
        while (cursor is not null);

        return rotated;
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
    /// The key holder's search: the nearest <paramref name="limit"/> records, exactly re-ranked, with public fields;
    /// bad candidates are skipped and listed. <see cref="UnknownKeyException"/> when the nearest points are all under
    /// keys the ring lacks.
    /// </summary>
    public async Task<SearchResults> SearchAsync(float[] query, int limit, CancellationToken cancellationToken = default)
    {
        var hits = new List<SearchHit>();
        (List<ScoredPoint> candidates, Dictionary<ulong, SkippedPoint> skipped) = await CandidatesAsync(query, limit, null, cancellationToken).ConfigureAwait(false);
        foreach (ScoredPoint candidate in candidates)
        {
            StoredPoint p = candidate.Point;
            float[] vector;
            try
            {
                vector = Decrypt(p);
            }
            catch (VectaXException e)
            {
                skipped.TryAdd(p.Id, new SkippedPoint(p.Id, e));
                continue;
            }

            hits.Add(new SearchHit(p.Id, MathF.Sqrt(_kernels.SquaredDistance(vector, query)), vector, PublicFields(p), null));
        }

        return Top(hits, limit, skipped);
    }

    /// <summary>
    /// A user's search: only records whose access tags the user holds are candidates (so the limit counts only
    /// those), each is opened with the user key, re-ranked on its exact vector, and returned with its payload. Points
    /// whose vector tag or fields are bad are skipped and listed; records the key may not open are left out unlisted.
    /// </summary>
    public async Task<SearchResults> SearchAsync(float[] query, int limit, UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var hits = new List<SearchHit>();
        (List<ScoredPoint> candidates, Dictionary<ulong, SkippedPoint> skipped) = await CandidatesAsync(query, limit, user.AccessTags, cancellationToken).ConfigureAwait(false);
        foreach (ScoredPoint candidate in candidates)
        {
            StoredPoint p = candidate.Point;
            OpenedRecord opened;
            try
            {
                Authenticate(p);
                opened = Open(p, user);
            }
            catch (AccessDeniedException)
            {
                continue; // unsealed, or a stale tag (a revoked epoch): never surfaced
            }
            catch (VectaXException e)
            {
                skipped.TryAdd(p.Id, new SkippedPoint(p.Id, e));
                continue;
            }

            float[] vector = opened.Vector ?? throw new StoreException($"Record {p.Id} was sealed without its vector.");
            hits.Add(new SearchHit(p.Id, MathF.Sqrt(_kernels.SquaredDistance(vector, query)), vector, PublicFields(p), opened.Payload));
        }

        return Top(hits, limit, skipped);
    }

    /// <summary>Opens one stored record with a user key; <see cref="AccessDeniedException"/> when the key does not satisfy its policy.</summary>
    public async Task<OpenedRecord> OpenAsync(ulong id, UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        IReadOnlyList<StoredPoint> found = await _store.RetrieveAsync(Name, [id], cancellationToken).ConfigureAwait(false);
        return Open(found.Count == 1 ? found[0] : throw new StoreException($"Point {id} is not in collection '{Name}'."), user);
    }

    /// <summary>A stored point's sealed record, opened with a user key; <see cref="AccessDeniedException"/> when it has none or the key may not.</summary>
    private static OpenedRecord Open(StoredPoint p, UserKey user) =>
        PayloadFields.ReadSealed(p) is ({ } header, { } sealedBlob)
            ? user.Open(header, sealedBlob, Context(p.Id))
            : throw new AccessDeniedException($"Point {p.Id} was stored without a policy; only the key holder reads it.");

    private async Task<(List<ScoredPoint> Candidates, Dictionary<ulong, SkippedPoint> Skipped)> CandidatesAsync(float[] query, int limit, IReadOnlyCollection<string>? tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        int factor = Math.Max(1, RerankFactor);
        if (limit < 1 || limit > int.MaxValue / factor)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be from 1 to {int.MaxValue / factor} (int.MaxValue candidates over a rerank factor of {factor}).");
        }

        int fetch = limit * factor;
        var candidates = new Dictionary<ulong, ScoredPoint>();
        var skipped = new Dictionary<ulong, SkippedPoint>();
        uint? foreign = null;
        foreach ((uint keyId, float[] encrypted) in _keys.EncryptQueryForEachKey(query))
        {
            foreach (ScoredPoint s in await _store.QueryAsync(Name, encrypted, fetch, tags, cancellationToken).ConfigureAwait(false))
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

                // During a rotation each key's query only ranks that key's points.
                if (pointKey == keyId)
                {
                    candidates.TryAdd(s.Point.Id, s);
                }
                else if (!_keys.KeyIds.Contains(pointKey))
                {
                    foreign ??= pointKey;
                }
            }
        }

        // Nothing under our keys, but points under a key we lack: the wrong key, not an empty answer.
        return candidates.Count == 0 && foreign is { } missing ? throw new UnknownKeyException(missing) : ([.. candidates.Values], skipped);
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

        ulong revision = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        EncryptedVector encrypted;
        try
        {
            encrypted = _keys.Encrypt(record.Vector, new RecordBinding(Name, record.Id, revision).ToBytes());
        }
        catch (InvalidVectorException e)
        {
            throw new InvalidVectorException($"Record {record.Id}: {e.Message}");
        }

        payload[PayloadFields.Revision] = revision.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<string> tags = [];
        if (record.Policy is not null)
        {
            RbacAuthority authority = _authority ?? throw new InvalidOperationException("Sealing a record under a policy needs the collection's RbacAuthority.");
            SealedRecord sealedRecord = authority.Seal(record.Policy, record.Vector, record.Payload ?? [], Context(record.Id));
            payload[PayloadFields.EncryptedHeader] = sealedRecord.HeaderBase64;
            payload[PayloadFields.EncryptedPayload] = sealedRecord.SealedBase64;
            tags = sealedRecord.AccessTags;
        }
        else if (record.Payload is { Length: > 0 })
        {
            throw new ArgumentException("A private payload needs a policy to be sealed under; put public data in PublicFields.", nameof(record));
        }

        PayloadFields.WriteMetadata(payload, encrypted.Metadata);
        return new StoredPoint(record.Id, encrypted.Ciphertext, payload, tags);
    }

    private StoredPoint Reencrypt(StoredPoint p)
    {
        float[]? plain = null;
        try
        {
            plain = Rotating(p, () => Decrypt(p));
            EncryptedVector renewed = _keys.Active.Encrypt(plain, Binding(p));
            var payload = new Dictionary<string, string>(p.Payload, StringComparer.Ordinal);
            PayloadFields.WriteMetadata(payload, renewed.Metadata);
            return p with { Vector = renewed.Ciphertext, Payload = payload };
        }
        finally
        {
            if (plain is not null)
            {
                Array.Clear(plain);
            }
        }
    }

    /// <summary>A rotation step for one point; a bad point stops the rotation with its id.</summary>
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

    /// <summary>Checks the stored vector's tag against its binding without decrypting it.</summary>
    private void Authenticate(StoredPoint p)
    {
        if (!_keys.Verify(p.Vector, Metadata(p), Binding(p)))
        {
            throw new AuthenticationFailedException();
        }
    }

    /// <summary>What the vector's tag is bound to: this collection, the point id, and the ledger's revision if it has one, else the stored one.</summary>
    private byte[] Binding(StoredPoint p)
    {
        ulong revision = Ledger is not null && Ledger.TryGet(p.Id, out ulong trusted) ? trusted : StoredRevision(p);
        return new RecordBinding(Name, p.Id, revision).ToBytes();
    }

    private static ulong StoredRevision(StoredPoint p) => PayloadFields.ReadRevision(p);

    private static byte[] Metadata(StoredPoint p) => PayloadFields.ReadMetadata(p);

    /// <summary>The sealed blob is bound to its point id, so blobs cannot be swapped between points.</summary>
    private static byte[] Context(ulong id)
    {
        byte[] context = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(context, id);
        return context;
    }

    private static Dictionary<string, string> PublicFields(StoredPoint p) =>
        p.Payload.Where(kv => !PayloadFields.IsReserved(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static SearchResults Top(List<SearchHit> hits, int limit, Dictionary<ulong, SkippedPoint> skipped) =>
        new([.. hits.OrderBy(h => h.Distance).ThenBy(h => h.Id).Take(limit)], [.. skipped.Values.OrderBy(s => s.Id)]);
}
