using System.Collections.Concurrent;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using VectaX.Collections;
using static Qdrant.Client.Grpc.Conditions;
using ScoredPoint = VectaX.Collections.ScoredPoint;

namespace VectaX.Qdrant;

/// <summary>
/// <see cref="IVectorStore"/> on a Qdrant server through the Qdrant.Client gRPC package: Euclidean collections,
/// string payload fields, access tags as a keyword list (with a keyword index) filtered with match-any, and the
/// Query API. Responses are fetched in pieces that fit the client's receive limit; every call has a deadline.
/// An unreachable server or a gRPC failure is a <see cref="StoreException"/> naming the operation and status, transient
/// or not as <see cref="StoreRetryPolicy"/> says.
/// </summary>
public sealed class QdrantVectorStore : IVectorStore, IDisposable
{
    /// <summary>The payload field holding a point's access tags.</summary>
    public const string TagsField = PayloadFields.AccessTags;

    private readonly QdrantClient _client;
    private readonly QdrantConnection? _connection;
    private readonly QdrantStoreOptions _options;
    private readonly ResponseBudget _budget;
    private readonly ConcurrentDictionary<string, int> _dimensions = new(StringComparer.Ordinal);

    /// <summary>
    /// Uses an existing client (not disposed with the store), with its own API key and timeout; <paramref name="options"/>
    /// gives its receive limit (Qdrant.Client's own channel receives 4 MiB, the assumption when none is given) and the
    /// search parameters.
    /// </summary>
    public QdrantVectorStore(QdrantClient client, QdrantStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new QdrantStoreOptions { MaxResponseBytes = 4 << 20 };
        _options.Validate();
        _client = client;
        _budget = new ResponseBudget(_options.MaxResponseBytes);
    }

    /// <summary>Connects to the gRPC endpoint, e.g. http://localhost:6334, with an optional API key and default options.</summary>
    public QdrantVectorStore(Uri endpoint, string? apiKey = null)
        : this(endpoint, new QdrantStoreOptions { ApiKey = apiKey })
    {
    }

    /// <summary>Connects to the gRPC endpoint with its own channel, built from <paramref name="options"/>.</summary>
    public QdrantVectorStore(Uri endpoint, QdrantStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _budget = new ResponseBudget(options.MaxResponseBytes);
        _connection = new QdrantConnection(endpoint, options);
        _client = _connection.Client;
    }

    /// <summary>
    /// Creates the collection (a Euclidean one, with a keyword index on the access tags), or checks an existing one's
    /// dimension and distance and adds the index if it lacks it. A collection another client creates meanwhile is
    /// checked like any existing one.
    /// </summary>
    public Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default) =>
        Call("ensure collection", cancellationToken, async () =>
        {
            if (!await _client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimension, Distance = Distance.Euclid }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
                {
                    // Another client created it after our check: it is checked below like any existing collection.
                }
            }

            CollectionInfo info = await _client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
            VectorParams? existing = info.Config?.Params?.VectorsConfig?.Params;
            if (existing is null || existing.Size != (ulong)dimension || existing.Distance != Distance.Euclid)
            {
                throw new StoreException($"Collection '{collection}' is not a Euclidean collection of dimension {dimension}: it has {existing?.Size} ({existing?.Distance}).");
            }

            // Filtered HNSW is only good on an indexed field; creating the index again is harmless, but a read-only key may not.
            if (!(info.PayloadSchema.TryGetValue(TagsField, out PayloadSchemaInfo? index) && index.DataType == PayloadSchemaType.Keyword))
            {
                await _client.CreatePayloadIndexAsync(collection, TagsField, PayloadSchemaType.Keyword, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            _dimensions[collection] = dimension;
        });

    /// <inheritdoc/>
    public Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default) =>
        Call("upsert", cancellationToken, () => _client.UpsertAsync(collection, points.Select(QdrantPoints.ToStruct).ToList(), wait: true, cancellationToken: cancellationToken));

    /// <summary>
    /// The nearest points, with <see cref="QdrantStoreOptions.HnswEf"/> and <see cref="QdrantStoreOptions.ExactSearch"/>.
    /// When the points would not fit one response, the search returns ids only and the points come in pieces.
    /// </summary>
    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ScoredPoint>>("query", cancellationToken, async () =>
        {
            Filter? filter = TagFilter(anyOfTags);
            SearchParams parameters = SearchParameters();

            float[] query = vector.ToArray();
            if (_budget.PointsPerResponse(collection, vector.Length, limit) >= limit)
            {
                try
                {
                    var hits = await _client.QueryAsync(collection, query, filter: filter, searchParams: parameters, limit: (ulong)limit, payloadSelector: true, vectorsSelector: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return hits.Select(h => Scored(Observed(collection, QdrantPoints.ToStored(h.Id, h.Vectors, h.Payload), h.CalculateSize()), h.Score)).ToList();
                }
                catch (RpcException e) when (IsResponseTooLarge(e))
                {
                    // Larger points than seen so far: ask for ids, then fetch the points in pieces.
                }
            }

            var ranked = await _client.QueryAsync(collection, query, filter: filter, searchParams: parameters, limit: (ulong)limit, payloadSelector: false, vectorsSelector: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            Dictionary<ulong, StoredPoint> points = (await FetchAsync(collection, vector.Length, [.. ranked.Select(h => h.Id)], cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id);

            // A point deleted between the search and the fetch is left out.
            return ranked.Where(h => points.ContainsKey(h.Id.Num)).Select(h => Scored(points[h.Id.Num], h.Score)).ToList();
        });

    /// <inheritdoc/>
    /// <remarks>
    /// One QueryBatch call when every query's points fit one response; otherwise each query runs as
    /// <see cref="QueryAsync"/> does, paging its points by bytes.
    /// </remarks>
    public Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<IReadOnlyList<ScoredPoint>>>("query batch", cancellationToken, async () =>
        {
            ArgumentNullException.ThrowIfNull(queries);
            if (queries.Count == 0)
            {
                return [];
            }

            int total = queries.Sum(q => q.Limit);
            if (_budget.PointsPerResponse(collection, queries[0].Vector.Length, total) >= total)
            {
                var requests = queries.Select(q =>
                {
                    var request = new QueryPoints { CollectionName = collection, Query = q.Vector.ToArray(), Limit = (ulong)q.Limit, Params = SearchParameters(), WithPayload = true, WithVectors = true };
                    if (TagFilter(q.AnyOfTags) is { } filter)
                    {
                        request.Filter = filter;
                    }

                    return request;
                }).ToList();
                try
                {
                    var batch = await _client.QueryBatchAsync(collection, requests, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return batch.Select(b => (IReadOnlyList<ScoredPoint>)[.. b.Result.Select(h => Scored(Observed(collection, QdrantPoints.ToStored(h.Id, h.Vectors, h.Payload), h.CalculateSize()), h.Score))]).ToList();
                }
                catch (RpcException e) when (IsResponseTooLarge(e))
                {
                    // Larger points than seen so far: one query at a time, each paging its points.
                }
            }

            var answers = new List<IReadOnlyList<ScoredPoint>>(queries.Count);
            foreach (VectorQuery q in queries)
            {
                answers.Add(await QueryAsync(collection, q.Vector, q.Limit, q.AnyOfTags, cancellationToken).ConfigureAwait(false));
            }

            return answers;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<StoredPoint>>("retrieve", cancellationToken, async () =>
            await FetchAsync(collection, await DimensionAsync(collection, cancellationToken).ConfigureAwait(false), [.. ids.Select(id => (PointId)id)], cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) =>
        Call("delete", cancellationToken, () => _client.DeleteAsync(collection, ids, wait: true, cancellationToken: cancellationToken));

    /// <summary>Up to <paramref name="limit"/> points from <paramref name="from"/>: fewer when that many would not fit one response.</summary>
    public Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default) =>
        Call<(IReadOnlyList<StoredPoint>, ulong?)>("scroll", cancellationToken, async () =>
        {
            int page = _budget.PointsPerResponse(collection, await DimensionAsync(collection, cancellationToken).ConfigureAwait(false), limit);
            while (true)
            {
                try
                {
                    ScrollResponse response = await _client.ScrollAsync(collection, limit: (uint)page, offset: from is null ? null : (PointId)from.Value, payloadSelector: true, vectorsSelector: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                    IReadOnlyList<StoredPoint> points = response.Result.Select(p => Observed(collection, QdrantPoints.ToStored(p.Id, p.Vectors, p.Payload), p.CalculateSize())).ToList();
                    return (points, response.NextPageOffset is { HasNum: true } next ? next.Num : null);
                }
                catch (RpcException e) when (IsResponseTooLarge(e))
                {
                    page = page > 1 ? page / 2 : throw TooLarge(collection, from ?? 0, e);
                }
            }
        });

    /// <inheritdoc/>
    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default) =>
        Call("count", cancellationToken, async () => (long)await _client.CountAsync(collection, exact: true, cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    /// <remarks>
    /// Qdrant keeps no id order index to ask, but a scroll from an offset returns the lowest id at or above it, and
    /// says whether another follows: a binary search over the id space, at most 64 one-point scrolls without
    /// payloads or vectors, whatever the collection's size.
    /// </remarks>
    public Task<ulong?> HighestIdAsync(string collection, CancellationToken cancellationToken = default) =>
        Call<ulong?>("highest id", cancellationToken, async () =>
        {
            (ulong? lowest, bool more) = await LowestFrom(collection, 0, cancellationToken).ConfigureAwait(false);
            if (lowest is not { } known)
            {
                return null;
            }

            // known is a stored id and no id exceeds high.
            ulong high = ulong.MaxValue;
            while (more && known < high)
            {
                ulong middle = known + ((high - known) / 2) + 1;
                (ulong? found, bool after) = await LowestFrom(collection, middle, cancellationToken).ConfigureAwait(false);
                if (found is { } f)
                {
                    (known, more) = (f, after);
                }
                else
                {
                    high = middle - 1;
                }
            }

            return known;
        });

    /// <summary>Disposes the connection when the store made it.</summary>
    public void Dispose() => _connection?.Dispose();

    /// <summary>The lowest id at or above <paramref name="from"/> (null if none), and whether a higher one exists.</summary>
    private async Task<(ulong? Id, bool More)> LowestFrom(string collection, ulong from, CancellationToken cancellationToken)
    {
        ScrollResponse page = await _client.ScrollAsync(collection, limit: 1, offset: from, payloadSelector: false, vectorsSelector: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        return page.Result.Count == 0 ? (null, false) : (page.Result[0].Id.Num, page.NextPageOffset is { HasNum: true });
    }

    private static Filter? TagFilter(IReadOnlyCollection<string>? anyOfTags) => anyOfTags is null ? null : new Filter { Must = { Match(TagsField, anyOfTags.ToList()) } };

    private SearchParams SearchParameters()
    {
        var parameters = new SearchParams { Exact = _options.ExactSearch };
        if (_options.HnswEf is { } ef)
        {
            parameters.HnswEf = ef;
        }

        return parameters;
    }

    /// <summary>
    /// The points with these ids, in pieces that fit a response; a piece refused as too large is split in two.
    /// One point larger than the whole limit is an error naming the option to raise.
    /// </summary>
    private async Task<List<StoredPoint>> FetchAsync(string collection, int dimension, List<PointId> ids, CancellationToken cancellationToken)
    {
        var found = new List<StoredPoint>(ids.Count);
        var pending = new Stack<List<PointId>>(ids.Chunk(_budget.PointsPerResponse(collection, dimension, ids.Count)).Reverse().Select(c => c.ToList()));
        while (pending.TryPop(out List<PointId>? piece))
        {
            try
            {
                var points = await _client.RetrieveAsync(collection, piece, withPayload: true, withVectors: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                found.AddRange(points.Select(p => Observed(collection, QdrantPoints.ToStored(p.Id, p.Vectors, p.Payload), p.CalculateSize())));
            }
            catch (RpcException e) when (IsResponseTooLarge(e))
            {
                if (piece.Count == 1)
                {
                    throw TooLarge(collection, piece[0].Num, e);
                }

                pending.Push(piece[(piece.Count / 2)..]);
                pending.Push(piece[..(piece.Count / 2)]);
            }
        }

        return found;
    }

    private StoreException TooLarge(string collection, ulong id, RpcException e) =>
        StoreRetryPolicy.ToStoreException($"Point {id} of collection '{collection}' is larger than the {_budget.MaxResponseBytes} bytes a response may hold: raise {nameof(QdrantStoreOptions)}.{nameof(QdrantStoreOptions.MaxResponseBytes)}.", e);

    /// <summary>The collection's dimension, asked of the server once when this store did not create or check it.</summary>
    private async Task<int> DimensionAsync(string collection, CancellationToken cancellationToken)
    {
        if (_dimensions.TryGetValue(collection, out int dimension))
        {
            return dimension;
        }

        CollectionInfo info = await _client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
        dimension = (int)Math.Min(int.MaxValue, info.Config?.Params?.VectorsConfig?.Params?.Size ?? 0);
        _dimensions[collection] = dimension;
        return dimension;
    }

    private StoredPoint Observed(string collection, StoredPoint point, int bytes)
    {
        _budget.Observe(collection, bytes);
        return point;
    }

    /// <summary>Qdrant scores Euclidean collections by distance; squared, as the embedded store reports.</summary>
    private static ScoredPoint Scored(StoredPoint point, float score) => new(point, score * score);

    /// <summary>The client refused a response over its receive limit (a server's ResourceExhausted carries a retry-after or storage marker).</summary>
    private static bool IsResponseTooLarge(RpcException e) => StoreRetryPolicy.Classify(e).Kind == StoreFailureKind.ResponseTooLarge;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068", Justification = "The token reads before the lambda that uses it.")]
    private static async Task Call(string operation, CancellationToken cancellationToken, Func<Task> action) => await Call(operation, cancellationToken, async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068", Justification = "The token reads before the lambda that uses it.")]
    private static async Task<T> Call<T>(string operation, CancellationToken cancellationToken, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Qdrant {operation} was cancelled.", e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw StoreRetryPolicy.ToStoreException($"Qdrant {operation} failed: {e.StatusCode} ({e.Status.Detail})", e);
        }
        catch (QdrantException e)
        {
            throw new StoreException($"Qdrant {operation} failed: {e.Message}", e);
        }
    }
}
