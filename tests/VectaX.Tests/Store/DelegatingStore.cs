using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>A store that passes every call to another; tests override the calls they count or break.</summary>
internal class DelegatingStore(IVectorStore inner) : IVectorStore
{
    public virtual Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default) => inner.EnsureCollectionAsync(collection, dimension, cancellationToken);

    public virtual Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default) => inner.UpsertAsync(collection, points, cancellationToken);

    public virtual Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default) => inner.QueryAsync(collection, vector, limit, anyOfTags, cancellationToken);

    public virtual Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default) => inner.QueryBatchAsync(collection, queries, cancellationToken);

    public virtual Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) => inner.RetrieveAsync(collection, ids, cancellationToken);

    public virtual Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) => inner.DeleteAsync(collection, ids, cancellationToken);

    public virtual Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default) => inner.ScrollAsync(collection, from, limit, cancellationToken);

    public virtual Task<ulong?> HighestIdAsync(string collection, CancellationToken cancellationToken = default) => inner.HighestIdAsync(collection, cancellationToken);

    public virtual Task<long> CountAsync(string collection, CancellationToken cancellationToken = default) => inner.CountAsync(collection, cancellationToken);
}
