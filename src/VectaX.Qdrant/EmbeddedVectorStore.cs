using System.Collections.Concurrent;
using System.Text;
using VectaX.Kernels;

namespace VectaX.Qdrant;

/// <summary>
/// The default store: in process, exact search with the SIMD kernels over every point, optional persistence to a
/// file. Thread-safe: queries run concurrently, writes one at a time per collection.
/// </summary>
public sealed class EmbeddedVectorStore : IVectorStore
{
    private static readonly byte[] s_magic = "VXS1"u8.ToArray();
    private readonly ConcurrentDictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly KernelSet _kernels;

    /// <summary>An empty store; <paramref name="kernels"/> defaults to the dispatched width.</summary>
    public EmbeddedVectorStore(KernelSet? kernels = null) => _kernels = kernels ?? KernelDispatch.Default;

    /// <inheritdoc/>
    public Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Collection c = _collections.GetOrAdd(collection, _ => new Collection(dimension));
        if (c.Dimension != dimension)
        {
            throw new StoreException($"Collection '{collection}' has dimension {c.Dimension}; the key has {dimension}.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        Collection c = Get(collection);
        foreach (StoredPoint p in points)
        {
            if (p.Vector.Length != c.Dimension)
            {
                throw new StoreException($"Point {p.Id} has dimension {p.Vector.Length}; collection '{collection}' has {c.Dimension}.");
            }
        }

        lock (c)
        {
            foreach (StoredPoint p in points)
            {
                cancellationToken.ThrowIfCancellationRequested();
                c.Points[p.Id] = p;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default) =>
        (await QueryBatchAsync(collection, [new VectorQuery(vector, limit, anyOfTags)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Every query of the batch in one pass over the points: each point is read once, whatever the number of queries.</summary>
    public Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        Collection c = Get(collection);
        var filters = new HashSet<string>?[queries.Count];
        var best = new PriorityQueue<StoredPoint, float>[queries.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(queries[q].Limit, 1);
            if (queries[q].Vector.Length != c.Dimension)
            {
                throw new StoreException($"The query has dimension {queries[q].Vector.Length}; collection '{collection}' has {c.Dimension}.");
            }

            filters[q] = queries[q].AnyOfTags is { } tags ? new HashSet<string>(tags, StringComparer.Ordinal) : null;
        }

        StoredPoint[] snapshot;
        lock (c)
        {
            snapshot = [.. c.Points.Values];
        }

        for (int q = 0; q < queries.Count; q++)
        {
            // A max-heap of the best `limit` so far (never sized beyond the points): the root is the worst kept, replaced when a nearer point comes.
            best[q] = new PriorityQueue<StoredPoint, float>(Math.Min(queries[q].Limit, snapshot.Length) + 1, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        }

        foreach (StoredPoint p in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int q = 0; q < queries.Count; q++)
            {
                if (filters[q] is { } tags && !SharesTag(p, tags))
                {
                    continue;
                }

                float distance = _kernels.SquaredDistance(p.Vector, queries[q].Vector.Span);
                if (best[q].Count < queries[q].Limit)
                {
                    best[q].Enqueue(p, distance);
                }
                else if (best[q].TryPeek(out _, out float worst) && distance < worst)
                {
                    best[q].DequeueEnqueue(p, distance);
                }
            }
        }

        var results = new IReadOnlyList<ScoredPoint>[queries.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            var result = new List<ScoredPoint>(best[q].Count);
            while (best[q].TryDequeue(out StoredPoint? p, out float distance))
            {
                result.Add(new ScoredPoint(p, distance));
            }

            result.Reverse();
            results[q] = result;
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<ScoredPoint>>>(results);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default)
    {
        Collection c = Get(collection);
        lock (c)
        {
            return Task.FromResult<IReadOnlyList<StoredPoint>>(ids.Where(c.Points.ContainsKey).Select(id => c.Points[id]).ToList());
        }
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default)
    {
        Collection c = Get(collection);
        lock (c)
        {
            foreach (ulong id in ids)
            {
                c.Points.Remove(id);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Collection c = Get(collection);
        StoredPoint[] page;
        lock (c)
        {
            page = [.. c.Points.Values.Where(p => from is null || p.Id >= from.Value).OrderBy(p => p.Id).Take(limit + 1)];
        }

        ulong? next = page.Length > limit ? page[limit].Id : null;
        return Task.FromResult<(IReadOnlyList<StoredPoint>, ulong?)>((page.Take(limit).ToList(), next));
    }

    /// <inheritdoc/>
    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default)
    {
        Collection c = Get(collection);
        lock (c)
        {
            return Task.FromResult((long)c.Points.Count);
        }
    }

    /// <inheritdoc/>
    public Task<ulong?> HighestIdAsync(string collection, CancellationToken cancellationToken = default)
    {
        Collection c = Get(collection);
        lock (c)
        {
            return Task.FromResult(c.Points.Count == 0 ? (ulong?)null : c.Points.Keys.Max());
        }
    }

    /// <summary>Writes every collection to <paramref name="path"/> (replaced atomically through a temporary file).</summary>
    public void Save(string path)
    {
        using var file = new AtomicFile(path);
        using (var writer = new BinaryWriter(file.Stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(_collections.Count);
            foreach ((string name, Collection c) in _collections)
            {
                StoredPoint[] points;
                lock (c)
                {
                    points = [.. c.Points.Values];
                }

                writer.Write(name);
                writer.Write(c.Dimension);
                writer.Write(points.Length);
                foreach (StoredPoint p in points)
                {
                    writer.Write(p.Id);
                    foreach (float x in p.Vector)
                    {
                        writer.Write(x);
                    }

                    writer.Write(p.Payload.Count);
                    foreach ((string key, string value) in p.Payload)
                    {
                        writer.Write(key);
                        writer.Write(value);
                    }

                    writer.Write(p.AccessTags.Count);
                    foreach (string tag in p.AccessTags)
                    {
                        writer.Write(tag);
                    }
                }
            }
        }

        file.Commit();
    }

    /// <summary>Reads a store written by <see cref="Save"/>; a truncated or foreign file is a <see cref="StoreException"/>.</summary>
    public static EmbeddedVectorStore Load(string path, KernelSet? kernels = null)
    {
        var store = new EmbeddedVectorStore(kernels);
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new StoreException($"'{path}' is not a VectaX store file.");
            }

            for (int n = reader.ReadInt32(); n > 0; n--)
            {
                string name = reader.ReadString();
                var c = new Collection(Positive(reader.ReadInt32()));
                for (int count = Positive(reader.ReadInt32(), allowZero: true); count > 0; count--)
                {
                    ulong id = reader.ReadUInt64();
                    var vector = new float[c.Dimension];
                    for (int i = 0; i < vector.Length; i++)
                    {
                        vector[i] = reader.ReadSingle();
                    }

                    var payload = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (int k = Positive(reader.ReadInt32(), allowZero: true); k > 0; k--)
                    {
                        payload[reader.ReadString()] = reader.ReadString();
                    }

                    var tags = new string[Positive(reader.ReadInt32(), allowZero: true)];
                    for (int t = 0; t < tags.Length; t++)
                    {
                        tags[t] = reader.ReadString();
                    }

                    c.Points[id] = new StoredPoint(id, vector, payload, tags);
                }

                store._collections[name] = c;
            }
        }
        catch (EndOfStreamException)
        {
            throw new StoreException($"'{path}' is truncated.");
        }

        return store;
    }

    private static bool SharesTag(StoredPoint p, HashSet<string> tags)
    {
        foreach (string tag in p.AccessTags)
        {
            if (tags.Contains(tag))
            {
                return true;
            }
        }

        return false;
    }

    private static int Positive(int value, bool allowZero = false) =>
        value > 0 || (allowZero && value == 0) ? value : throw new StoreException("The store file holds an invalid count.");

    private Collection Get(string collection) =>
        _collections.TryGetValue(collection, out Collection? c) ? c : throw new StoreException($"No collection named '{collection}'.");

    private sealed class Collection(int dimension)
    {
        public int Dimension { get; } = dimension;

        public Dictionary<ulong, StoredPoint> Points { get; } = [];
    }
}
