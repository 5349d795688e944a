using System.Text;
using VectaX.Collections.Embedded;

namespace VectaX.Collections;

/// <summary>
/// The default store: in process, exact search (SIMD, TensorPrimitives) over every point on every core, optionally
/// backed by a store file (<see cref="Open"/>, <see cref="Load"/>). Thread-safe: queries run concurrently, writes
/// one at a time.
/// </summary>
public sealed partial class EmbeddedVectorStore : IVectorStore, IDisposable
{
    private readonly Dictionary<string, EmbeddedCollection> _collections = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private bool _disposed;

    /// <summary>An empty store in memory.</summary>
    public EmbeddedVectorStore()
    {
    }

    /// <inheritdoc/>
    public Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, StoreFileFormat.MaxDimension);
        if (Encoding.UTF8.GetByteCount(collection) > StoreFileFormat.MaxNameBytes)
        {
            throw new StoreException($"A collection name may take at most {StoreFileFormat.MaxNameBytes} bytes of UTF-8.");
        }

        Write(() =>
        {
            if (_collections.TryGetValue(collection, out EmbeddedCollection? c))
            {
                if (c.Dimension != dimension)
                {
                    throw new StoreException($"Collection '{collection}' has dimension {c.Dimension}; the key has {dimension}.");
                }

                return;
            }

            Append(stream => RecordWriter.WriteCollection(stream, collection, dimension));
            _collections[collection] = new EmbeddedCollection(dimension);
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        int dimension = Read(() => Get(collection).Dimension);
        foreach (StoredPoint p in points)
        {
            if (p.Vector.Length != dimension)
            {
                throw new StoreException($"Point {p.Id} has dimension {p.Vector.Length}; collection '{collection}' has {dimension}.");
            }
        }

        // Lay the rows out before taking the write lock, so queries wait only for the append itself.
        int rowsPerSegment = Math.Max(1, StoreFileFormat.FloatsPerCompactedRecord / dimension);
        var segments = new List<Segment>();
        for (int from = 0; from < points.Count; from += rowsPerSegment)
        {
            cancellationToken.ThrowIfCancellationRequested();
            segments.Add(SegmentBuilder.From([.. points.Skip(from).Take(rowsPerSegment)], dimension));
        }

        Write(() =>
        {
            EmbeddedCollection c = Get(collection);
            foreach (Segment segment in segments)
            {
                Append(stream => RecordWriter.WritePoints(stream, collection, segment));
                c.Add(segment);
                _fileRows += segment.Count;
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default) =>
        (await QueryBatchAsync(collection, [new VectorQuery(vector, limit, anyOfTags)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Every query of the batch in one pass over the points: each vector block is read once and compared with every
    /// query while in cache. One result list per query, in order, each with its own limit and filter.
    /// </summary>
    public Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        VectorQuery[] batch = [.. queries.Select(q => q.AnyOfTags is { } tags ? q with { AnyOfTags = new HashSet<string>(tags, StringComparer.Ordinal) } : q)];
        foreach (VectorQuery q in batch)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(q.Limit, 1);
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<ScoredPoint>>>(Read(() =>
        {
            EmbeddedCollection c = Get(collection);
            foreach (VectorQuery q in batch)
            {
                if (q.Vector.Length != c.Dimension)
                {
                    throw new StoreException($"The query has dimension {q.Vector.Length}; collection '{collection}' has {c.Dimension}.");
                }
            }

            return c.Query(batch, cancellationToken);
        }));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Task.FromResult<IReadOnlyList<StoredPoint>>(Read(() =>
        {
            EmbeddedCollection c = Get(collection);
            return ids.Select(c.Get).OfType<StoredPoint>().ToList();
        }));
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Write(() =>
        {
            EmbeddedCollection c = Get(collection);
            Append(stream => RecordWriter.WriteDelete(stream, collection, ids));
            c.Delete(ids);
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        (List<StoredPoint> page, ulong? next) = Read(() => Get(collection).Scroll(from, limit));
        return Task.FromResult<(IReadOnlyList<StoredPoint>, ulong?)>((page, next));
    }

    /// <inheritdoc/>
    public Task<ulong?> HighestIdAsync(string collection, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => Get(collection).HighestId()));

    /// <inheritdoc/>
    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Read(() => Get(collection).Count));

    /// <summary>Closes the store file (releasing the writer's lock) and unmaps it; the store is unusable afterwards.</summary>
    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseFile();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private T Read<T>(Func<T> read)
    {
        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private void Write(Action write)
    {
        _gate.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            write();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private EmbeddedCollection Get(string collection) =>
        _collections.TryGetValue(collection, out EmbeddedCollection? c) ? c : throw new StoreException($"No collection named '{collection}'.");
}
