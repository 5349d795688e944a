using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace VectaX.Tests.Store;

/// <summary>
/// A loopback gRPC server (Kestrel, HTTP/2 on 127.0.0.1, port 0) speaking the Qdrant services the adapter calls,
/// with the message types of the Qdrant.Client package, so the real client talks real gRPC. It keeps
/// collections in memory and can be stopped mid-test.
/// It models the gRPC behaviour of Qdrant <see cref="ModelledVersion"/> (read from that release's source):
/// no limit on the size of a request it receives and none on a response it sends (the client's receive limit
/// is the only one in force); AlreadyExists on a duplicate create; InvalidArgument for a vector of the wrong
/// dimension on upsert and on query; NotFound for an unknown collection; Unauthenticated for a wrong API key and
/// PermissionDenied for a write with the read-only key; ResourceExhausted with a "retry-after" trailer (whole
/// seconds) for a rate limit and with a "qdrant-insufficient-storage" trailer when the disk is full; keyword
/// payload indexes created idempotently and listed in the collection info; query and get answer without
/// payload or vectors unless asked. It does not model HNSW: every search is exact (as Qdrant is below its
/// full-scan threshold), and the search parameters it was sent are recorded for tests to check.
/// </summary>
internal sealed class FakeQdrant : IAsyncDisposable
{
    /// <summary>The Qdrant release whose gRPC behaviour this server models.</summary>
    public const string ModelledVersion = "1.19.0";

    private readonly WebApplication _app;

    private FakeQdrant(WebApplication app, FakeQdrantState state)
    {
        _app = app;
        State = state;
    }

    public FakeQdrantState State { get; }

    public Uri Address => new(_app.Urls.First());

    /// <summary>Starts a server; pass the state of a stopped one to restart it with its data.</summary>
    public static async Task<FakeQdrant> StartAsync(string? apiKey = null, FakeQdrantState? restart = null, string? readOnlyApiKey = null)
    {
        FakeQdrantState state = restart ?? new FakeQdrantState(apiKey, readOnlyApiKey);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        // Qdrant's tonic services decode messages of any size (max_decoding_message_size = usize::MAX).
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(state);
        WebApplication app = builder.Build();
        app.MapGrpcService<FakeQdrantCollections>();
        app.MapGrpcService<FakePoints>();
        await app.StartAsync();
        return new FakeQdrant(app, state);
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, service, name, Marshallers.Create(r => r.ToByteArray(), request.ParseFrom), Marshallers.Create(r => r.ToByteArray(), response.ParseFrom));
}

/// <summary>One collection: its dimension, points and payload indexes.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A Qdrant collection is the domain term.")]
public sealed class FakeQdrantCollection(ulong size)
{
    public ulong Size => size;

    public ConcurrentDictionary<ulong, PointStruct> Points { get; } = new();

    public ConcurrentDictionary<string, PayloadSchemaType> Indexes { get; } = new();
}

/// <summary>The server's collections and the faults a test injects, shared by its two services.</summary>
public sealed class FakeQdrantState(string? apiKey, string? readOnlyApiKey = null)
{
    private int _failingUpserts;
    private int _largestResponse;

    public ConcurrentDictionary<string, FakeQdrantCollection> Collections { get; } = new();

    /// <summary>Upserts still to fail with <see cref="UpsertFault"/>.</summary>
    public int FailingUpserts
    {
        get => Volatile.Read(ref _failingUpserts);
        set => Volatile.Write(ref _failingUpserts, value);
    }

    /// <summary>The status an injected upsert fault carries (default UNAVAILABLE), with its trailers.</summary>
    public RpcException UpsertFault { get; set; } = new(new Status(StatusCode.Unavailable, "injected transient fault"));

    /// <summary>When set, a create-collection call is answered with result false (the client raises a QdrantException).</summary>
    public bool RefuseCreate { get; set; }

    /// <summary>How long each upsert takes.</summary>
    public TimeSpan UpsertDelay { get; set; }

    /// <summary>When set, no call is ever answered: a server that accepted the connection and stalled.</summary>
    public bool Stalled { get; set; }

    /// <summary>When set, the next existence check answers "no" and another client then creates the collection with this dimension.</summary>
    public ulong? CreatedConcurrently { get; set; }

    /// <summary>The search parameters of the last query (null when it sent none).</summary>
    public SearchParams? LastSearchParams { get; private set; }

    /// <summary>Queries answered.</summary>
    public int Queries { get; private set; }

    /// <summary>The largest response (bytes of its message) the server sent.</summary>
    public int LargestResponse => Volatile.Read(ref _largestResponse);

    public async Task EnterAsync(ServerCallContext context, bool write)
    {
        string? key = context.RequestHeaders.GetValue("api-key");
        bool readOnly = readOnlyApiKey is not null && key == readOnlyApiKey;
        if (apiKey is not null && key != apiKey && !readOnly)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Invalid api-key"));
        }

        if (write && readOnly)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Forbidden: Write access to collection is required"));
        }

        if (Stalled)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
    }

    public async Task BeforeUpsertAsync(ServerCallContext context)
    {
        await Task.Delay(UpsertDelay, context.CancellationToken);
        if (Interlocked.Decrement(ref _failingUpserts) >= 0)
        {
            throw UpsertFault;
        }

        Interlocked.Increment(ref _failingUpserts);
    }

    public void Searched(SearchParams? parameters)
    {
        LastSearchParams = parameters;
        Queries++;
    }

    public T Sent<T>(T response)
        where T : IMessage
    {
        int size = response.CalculateSize();
        int seen;
        while (size > (seen = LargestResponse) && Interlocked.CompareExchange(ref _largestResponse, size, seen) != seen)
        {
        }

        return response;
    }

    public FakeQdrantCollection Collection(string collection) =>
        Collections.TryGetValue(collection, out FakeQdrantCollection? c) ? c : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{collection}` doesn't exist!"));

    public ConcurrentDictionary<ulong, PointStruct> Points(string collection) => Collection(collection).Points;

    public static void CheckDimension(FakeQdrantCollection c, int length)
    {
        if ((ulong)length != c.Size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {c.Size}, got {length}"));
        }
    }

    public static float[] Data(Vector v) => v.Dense is { } d ? [.. d.Data] :
#pragma warning disable CS0612
        [.. v.Data];
#pragma warning restore CS0612

    public static VectorsOutput Output(PointStruct p) => new() { Vector = new VectorOutput { Dense = new DenseVector { Data = { Data(p.Vectors.Vector) } } } };
}

[BindServiceMethod(typeof(FakeQdrantCollections), nameof(BindService))]
// gRPC binds handlers that are virtual and declared on the attributed type, as generated service bases are.
public class FakeQdrantCollections(FakeQdrantState state)
{
    private const string Service = "qdrant.Collections";

    public static void BindService(ServiceBinderBase binder, FakeQdrantCollections? service)
    {
        binder.AddMethod(FakeQdrant.Unary(Service, "CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser), service is null ? null : service.CollectionExists);
        binder.AddMethod(FakeQdrant.Unary(Service, "Create", CreateCollection.Parser, CollectionOperationResponse.Parser), service is null ? null : service.Create);
        binder.AddMethod(FakeQdrant.Unary(Service, "Get", GetCollectionInfoRequest.Parser, GetCollectionInfoResponse.Parser), service is null ? null : service.Get);
    }

    public virtual async Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        bool exists = state.Collections.ContainsKey(request.CollectionName);
        if (state.CreatedConcurrently is { } size)
        {
            state.CreatedConcurrently = null;
            state.Collections.TryAdd(request.CollectionName, new FakeQdrantCollection(size));
        }

        return new CollectionExistsResponse { Result = new CollectionExists { Exists = exists } };
    }

    public virtual async Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: true);
        if (state.RefuseCreate)
        {
            return new CollectionOperationResponse { Result = false };
        }

        if (!state.Collections.TryAdd(request.CollectionName, new FakeQdrantCollection(request.VectorsConfig.Params.Size)))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Collection `{request.CollectionName}` already exists!"));
        }

        return new CollectionOperationResponse { Result = true };
    }

    public virtual async Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        FakeQdrantCollection c = state.Collection(request.CollectionName);
        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            PointsCount = (ulong)c.Points.Count,
            Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = c.Size, Distance = Distance.Euclid } } } },
        };
        foreach ((string field, PayloadSchemaType type) in c.Indexes)
        {
            info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = type };
        }

        return new GetCollectionInfoResponse { Result = info };
    }
}

[BindServiceMethod(typeof(FakePoints), nameof(BindService))]
public class FakePoints(FakeQdrantState state)
{
    private const string Service = "qdrant.Points";

    public static void BindService(ServiceBinderBase binder, FakePoints? service)
    {
        binder.AddMethod(FakeQdrant.Unary(Service, "Upsert", UpsertPoints.Parser, PointsOperationResponse.Parser), service is null ? null : service.Upsert);
        binder.AddMethod(FakeQdrant.Unary(Service, "Query", QueryPoints.Parser, QueryResponse.Parser), service is null ? null : service.Query);
        binder.AddMethod(FakeQdrant.Unary(Service, "QueryBatch", QueryBatchPoints.Parser, QueryBatchResponse.Parser), service is null ? null : service.QueryBatch);
        binder.AddMethod(FakeQdrant.Unary(Service, "Get", GetPoints.Parser, GetResponse.Parser), service is null ? null : service.Get);
        binder.AddMethod(FakeQdrant.Unary(Service, "Delete", DeletePoints.Parser, PointsOperationResponse.Parser), service is null ? null : service.Delete);
        binder.AddMethod(FakeQdrant.Unary(Service, "Count", CountPoints.Parser, CountResponse.Parser), service is null ? null : service.Count);
        binder.AddMethod(FakeQdrant.Unary(Service, "Scroll", ScrollPoints.Parser, ScrollResponse.Parser), service is null ? null : service.Scroll);
        binder.AddMethod(FakeQdrant.Unary(Service, "CreateFieldIndex", CreateFieldIndexCollection.Parser, PointsOperationResponse.Parser), service is null ? null : service.CreateFieldIndex);
    }

    public virtual async Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: true);
        await state.BeforeUpsertAsync(context);
        FakeQdrantCollection c = state.Collection(request.CollectionName);
        foreach (PointStruct p in request.Points)
        {
            FakeQdrantState.CheckDimension(c, FakeQdrantState.Data(p.Vectors.Vector).Length);
        }

        foreach (PointStruct p in request.Points)
        {
            c.Points[p.Id.Num] = p;
        }

        return Completed();
    }

    public virtual async Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        return state.Sent(Answer(request));
    }

    public virtual async Task<QueryBatchResponse> QueryBatch(QueryBatchPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        var response = new QueryBatchResponse();
        foreach (QueryPoints query in request.QueryPoints)
        {
            response.Result.Add(new BatchResult { Result = { Answer(query).Result } });
        }

        return state.Sent(response);
    }

    private QueryResponse Answer(QueryPoints request)
    {
        FakeQdrantCollection c = state.Collection(request.CollectionName);
        float[] q = [.. request.Query.Nearest.Dense.Data];
        FakeQdrantState.CheckDimension(c, q.Length);
        state.Searched(request.Params);
        var must = request.Filter?.Must.Select(m => m.Field).ToList() ?? [];
        var response = new QueryResponse();
        var hits = c.Points.Values
            .Where(p => must.All(m => p.Payload.TryGetValue(m.Key, out Value? v) && v.ListValue is { } list && list.Values.Any(t => m.Match.Keywords.Strings.Contains(t.StringValue))))
            .Select(p => (Point: p, Distance: (float)Math.Sqrt(FakeQdrantState.Data(p.Vectors.Vector).Zip(q, (a, b) => (double)(a - b) * (a - b)).Sum())))
            .OrderBy(h => h.Distance)
            .Skip((int)(request.HasOffset ? request.Offset : 0))
            .Take((int)request.Limit);
        bool payload = request.WithPayload?.Enable == true, vectors = request.WithVectors?.Enable == true;
        foreach ((PointStruct p, float distance) in hits)
        {
            var hit = new ScoredPoint { Id = p.Id, Score = distance };
            if (payload)
            {
                hit.Payload.Add(p.Payload);
            }

            if (vectors)
            {
                hit.Vectors = FakeQdrantState.Output(p);
            }

            response.Result.Add(hit);
        }

        return response;
    }

    public virtual async Task<GetResponse> Get(GetPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        var points = state.Points(request.CollectionName);
        var response = new GetResponse();
        foreach (PointId id in request.Ids)
        {
            if (points.TryGetValue(id.Num, out PointStruct? p))
            {
                response.Result.Add(Retrieved(p, request.WithPayload, request.WithVectors));
            }
        }

        return state.Sent(response);
    }

    public virtual async Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: true);
        var points = state.Points(request.CollectionName);
        foreach (PointId id in request.Points.Points.Ids)
        {
            points.TryRemove(id.Num, out _);
        }

        return Completed();
    }

    public virtual async Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        return new CountResponse { Result = new CountResult { Count = (ulong)state.Points(request.CollectionName).Count } };
    }

    public virtual async Task<ScrollResponse> Scroll(ScrollPoints request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: false);
        int limit = (int)request.Limit;
        var page = state.Points(request.CollectionName).Values
            .Where(p => request.Offset is null || p.Id.Num >= request.Offset.Num)
            .OrderBy(p => p.Id.Num)
            .Take(limit + 1)
            .ToList();
        var response = new ScrollResponse();
        foreach (PointStruct p in page.Take(limit))
        {
            response.Result.Add(Retrieved(p, request.WithPayload, request.WithVectors));
        }

        if (page.Count > limit)
        {
            response.NextPageOffset = page[limit].Id;
        }

        return state.Sent(response);
    }

    public virtual async Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context)
    {
        await state.EnterAsync(context, write: true);
        FakeQdrantCollection c = state.Collection(request.CollectionName);
        if (request.FieldType != FieldType.Keyword)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "the test server indexes keyword fields only"));
        }

        c.Indexes[request.FieldName] = PayloadSchemaType.Keyword; // re-creating an index is accepted, as Qdrant does
        return Completed();
    }

    /// <summary>Get and scroll send the payload and omit vectors unless told otherwise, as Qdrant does.</summary>
    private static RetrievedPoint Retrieved(PointStruct p, WithPayloadSelector? payload, WithVectorsSelector? vectors)
    {
        var r = new RetrievedPoint { Id = p.Id };
        if (payload?.Enable != false)
        {
            r.Payload.Add(p.Payload);
        }

        if (vectors?.Enable == true)
        {
            r.Vectors = FakeQdrantState.Output(p);
        }

        return r;
    }

    private static PointsOperationResponse Completed() => new() { Result = new UpdateResult { Status = UpdateStatus.Completed } };
}
