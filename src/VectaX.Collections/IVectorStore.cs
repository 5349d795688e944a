namespace VectaX.Collections;

/// <summary>
/// Where encrypted points live: the embedded in-process store by default, Qdrant when one machine is not enough.
/// Distances are squared Euclidean over ciphertexts, which the scheme preserves within s*beta/2.
/// </summary>
public interface IVectorStore
{
    /// <summary>Creates the collection, or checks that an existing one has this dimension.</summary>
    Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces points by id.</summary>
    Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="limit"/> nearest points to <paramref name="vector"/>; with <paramref name="anyOfTags"/>, only
    /// points sharing at least one tag, so the limit counts only those.
    /// </summary>
    Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several queries in one call (one round trip on a server), answered in order: an RBAC search sends one query per
    /// access class the user holds, each encrypted under that class's key and filtered on its tag.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default);

    /// <summary>The points with these ids that exist.</summary>
    Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default);

    /// <summary>Deletes the points with these ids.</summary>
    Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> points in id order from id <paramref name="from"/> (inclusive; null: the start), and the id to continue from (null at the end).</summary>
    Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest point id, or null when the collection is empty: where appended records start.</summary>
    Task<ulong?> HighestIdAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>The number of points.</summary>
    Task<long> CountAsync(string collection, CancellationToken cancellationToken = default);
}
