using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace VectaX.Qdrant;

/// <summary>
/// <see cref="IVectorStore"/> on a Qdrant server through the Qdrant.Client gRPC package: Euclidean collections,
/// string payload fields, access tags as a keyword list filtered with match-any, and the Query API.
/// An unreachable server or a gRPC failure is a <see cref="StoreException"/> naming the operation.
/// </summary>
public sealed class QdrantVectorStore : IVectorStore, IDisposable
{
    /// <summary>The payload field holding a point's access tags.</summary>
    public const string TagsField = PayloadFields.Prefix + "tags";

    private readonly QdrantClient _client;
    private readonly bool _owns;

    /// <summary>Uses an existing client (not disposed with the store).</summary>
    public QdrantVectorStore(QdrantClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Connects to the gRPC endpoint, e.g. http://localhost:6334, with an optional API key.</summary>
    public QdrantVectorStore(Uri endpoint, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _client = new QdrantClient(endpoint, apiKey);
        _owns = true;
    }

    /// <inheritdoc/>
    public Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default) =>
        Call("ensure collection", cancellationToken, async () =>
        {
            if (!await _client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
            {
                await _client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimension, Distance = Distance.Euclid }, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            CollectionInfo info = await _client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
            VectorParams? existing = info.Config?.Params?.VectorsConfig?.Params;
            if (existing is null || existing.Size != (ulong)dimension || existing.Distance != Distance.Euclid)
            {
                throw new StoreException($"Collection '{collection}' is not a Euclidean collection of dimension {dimension}: it has {existing?.Size} ({existing?.Distance}).");
            }
        });

    /// <inheritdoc/>
    public Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default) =>
        Call("upsert", cancellationToken, async () =>
        {
            var structs = points.Select(p =>
            {
                var s = new PointStruct { Id = p.Id, Vectors = p.Vector };
                foreach ((string key, string value) in p.Payload)
                {
                    s.Payload[key] = value;
                }

                s.Payload[TagsField] = p.AccessTags.ToArray();
                return s;
            }).ToList();
            await _client.UpsertAsync(collection, structs, wait: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ScoredPoint>>("query", cancellationToken, async () =>
        {
            Filter? filter = anyOfTags is null ? null : new Filter { Must = { Match(TagsField, anyOfTags.ToList()) } };
            var hits = await _client.QueryAsync(collection, vector.ToArray(), filter: filter, limit: (ulong)limit, payloadSelector: true, vectorsSelector: true, cancellationToken: cancellationToken).ConfigureAwait(false);

            // Qdrant scores Euclidean collections by distance; squared, as the embedded store reports.
            return hits.Select(h => new ScoredPoint(ToStored(h.Id, h.Vectors, h.Payload), h.Score * h.Score)).ToList();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredPoint>> RetrieveAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<StoredPoint>>("retrieve", cancellationToken, async () =>
        {
            var points = await _client.RetrieveAsync(collection, ids.Select(id => (PointId)id).ToList(), withPayload: true, withVectors: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return points.Select(p => ToStored(p.Id, p.Vectors, p.Payload)).ToList();
        });

    /// <inheritdoc/>
    public Task DeleteAsync(string collection, IReadOnlyList<ulong> ids, CancellationToken cancellationToken = default) =>
        Call("delete", cancellationToken, () => _client.DeleteAsync(collection, ids, wait: true, cancellationToken: cancellationToken));

    /// <inheritdoc/>
    public Task<(IReadOnlyList<StoredPoint> Points, ulong? Next)> ScrollAsync(string collection, ulong? from, int limit, CancellationToken cancellationToken = default) =>
        Call<(IReadOnlyList<StoredPoint>, ulong?)>("scroll", cancellationToken, async () =>
        {
            ScrollResponse page = await _client.ScrollAsync(collection, limit: (uint)limit, offset: from is null ? null : (PointId)from.Value, payloadSelector: true, vectorsSelector: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            IReadOnlyList<StoredPoint> points = page.Result.Select(p => ToStored(p.Id, p.Vectors, p.Payload)).ToList();
            return (points, page.NextPageOffset is { HasNum: true } next ? next.Num : null);
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

    /// <summary>Disposes the client when the store created it.</summary>
    public void Dispose()
    {
        if (_owns)
        {
            _client.Dispose();
        }
    }

    /// <summary>The lowest id at or above <paramref name="from"/> (null if none), and whether a higher one exists.</summary>
    private async Task<(ulong? Id, bool More)> LowestFrom(string collection, ulong from, CancellationToken cancellationToken)
    {
        ScrollResponse page = await _client.ScrollAsync(collection, limit: 1, offset: from, payloadSelector: false, vectorsSelector: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        return page.Result.Count == 0 ? (null, false) : (page.Result[0].Id.Num, page.NextPageOffset is { HasNum: true });
    }

    private static StoredPoint ToStored(PointId id, VectorsOutput vectors, IDictionary<string, Value> payload)
    {
        VectorOutput v = vectors.Vector;
#pragma warning disable CS0612 // servers before the dense field send the plain data field
        float[] data = v.Dense is { } dense ? [.. dense.Data] : [.. v.Data];
#pragma warning restore CS0612
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] tags = [];
        foreach ((string key, Value value) in payload)
        {
            if (key == TagsField)
            {
                tags = value.ListValue?.Values.Select(t => t.StringValue).ToArray() ?? [];
            }
            else
            {
                fields[key] = value.StringValue;
            }
        }

        return new StoredPoint(id.Num, data, fields, tags);
    }

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
            throw new StoreException($"Qdrant {operation} failed: {e.StatusCode} ({e.Status.Detail})", e);
        }
        catch (QdrantException e)
        {
            throw new StoreException($"Qdrant {operation} failed: {e.Message}", e);
        }
    }
}
