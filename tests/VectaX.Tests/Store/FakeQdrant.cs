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
/// collections in memory, checks an optional API key, and can be stopped mid-test.
/// </summary>
internal sealed class FakeQdrant : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeQdrant(WebApplication app, FakeQdrantState state)
    {
        _app = app;
        State = state;
    }

    public FakeQdrantState State { get; }

    public Uri Address => new(_app.Urls.First());

    /// <summary>Starts a server; pass the state of a stopped one to restart it with its data.</summary>
    public static async Task<FakeQdrant> StartAsync(string? apiKey = null, FakeQdrantState? restart = null)
    {
        FakeQdrantState state = restart ?? new FakeQdrantState(apiKey);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        WebApplication app = builder.Build();
        app.MapGrpcService<FakeCollections>();
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

/// <summary>The server's collections, shared by its two services.</summary>
public sealed class FakeQdrantState(string? apiKey)
{
    public ConcurrentDictionary<string, (ulong Size, ConcurrentDictionary<ulong, PointStruct> Points)> Collections { get; } = new();

    /// <summary>Upserts still to fail with UNAVAILABLE, as a transient fault.</summary>
    public int FailingUpserts { get; set; }

    /// <summary>How long each upsert takes.</summary>
    public TimeSpan UpsertDelay { get; set; }

    public async Task BeforeUpsertAsync(ServerCallContext context)
    {
        await Task.Delay(UpsertDelay, context.CancellationToken);
        if (FailingUpserts > 0)
        {
            FailingUpserts--;
            throw new RpcException(new Status(StatusCode.Unavailable, "injected transient fault"));
        }
    }

    public void Check(ServerCallContext context)
    {
        if (apiKey is not null && context.RequestHeaders.GetValue("api-key") != apiKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "bad api key"));
        }
    }

    public ConcurrentDictionary<ulong, PointStruct> Points(string collection) =>
        Collections.TryGetValue(collection, out var c) ? c.Points : throw new RpcException(new Status(StatusCode.NotFound, $"collection {collection} not found"));

    public static float[] Data(Vector v) => v.Dense is { } d ? [.. d.Data] :
#pragma warning disable CS0612
        [.. v.Data];
#pragma warning restore CS0612

    public static VectorsOutput Output(PointStruct p) => new() { Vector = new VectorOutput { Dense = new DenseVector { Data = { Data(p.Vectors.Vector) } } } };
}

[BindServiceMethod(typeof(FakeCollections), nameof(BindService))]
// gRPC binds handlers that are virtual and declared on the attributed type, as generated service bases are.
public class FakeCollections(FakeQdrantState state)
{
    private const string Service = "qdrant.Collections";

    public static void BindService(ServiceBinderBase binder, FakeCollections? service)
    {
        binder.AddMethod(FakeQdrant.Unary(Service, "CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser), service is null ? null : service.CollectionExists);
        binder.AddMethod(FakeQdrant.Unary(Service, "Create", CreateCollection.Parser, CollectionOperationResponse.Parser), service is null ? null : service.Create);
        binder.AddMethod(FakeQdrant.Unary(Service, "Get", GetCollectionInfoRequest.Parser, GetCollectionInfoResponse.Parser), service is null ? null : service.Get);
    }

    public virtual Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context)
    {
        state.Check(context);
        return Task.FromResult(new CollectionExistsResponse { Result = new CollectionExists { Exists = state.Collections.ContainsKey(request.CollectionName) } });
    }

    public virtual Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        state.Check(context);
        bool created = state.Collections.TryAdd(request.CollectionName, (request.VectorsConfig.Params.Size, new ConcurrentDictionary<ulong, PointStruct>()));
        return Task.FromResult(new CollectionOperationResponse { Result = created });
    }

    public virtual Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context)
    {
        state.Check(context);
        if (!state.Collections.TryGetValue(request.CollectionName, out var c))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "collection not found"));
        }

        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            PointsCount = (ulong)c.Points.Count,
            Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = c.Size, Distance = Distance.Euclid } } } },
        };
        return Task.FromResult(new GetCollectionInfoResponse { Result = info });
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
        binder.AddMethod(FakeQdrant.Unary(Service, "Get", GetPoints.Parser, GetResponse.Parser), service is null ? null : service.Get);
        binder.AddMethod(FakeQdrant.Unary(Service, "Delete", DeletePoints.Parser, PointsOperationResponse.Parser), service is null ? null : service.Delete);
        binder.AddMethod(FakeQdrant.Unary(Service, "Count", CountPoints.Parser, CountResponse.Parser), service is null ? null : service.Count);
        binder.AddMethod(FakeQdrant.Unary(Service, "Scroll", ScrollPoints.Parser, ScrollResponse.Parser), service is null ? null : service.Scroll);
    }

    public virtual async Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        state.Check(context);
        await state.BeforeUpsertAsync(context);
        var points = state.Points(request.CollectionName);
        foreach (PointStruct p in request.Points)
        {
            points[p.Id.Num] = p;
        }

        return Completed();
    }

    public virtual Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        state.Check(context);
        float[] q = [.. request.Query.Nearest.Dense.Data];
        HashSet<string>? anyOf = request.Filter?.Must.Select(c => c.Field.Match.Keywords.Strings).FirstOrDefault()?.ToHashSet();
        var response = new QueryResponse();
        var hits = state.Points(request.CollectionName).Values
            .Where(p => anyOf is null || p.Payload.TryGetValue(QdrantFieldNames.Tags, out Value? tags) && tags.ListValue.Values.Any(t => anyOf.Contains(t.StringValue)))
            .Select(p => (Point: p, Distance: (float)Math.Sqrt(FakeQdrantState.Data(p.Vectors.Vector).Zip(q, (a, b) => (double)(a - b) * (a - b)).Sum())))
            .OrderBy(h => h.Distance)
            .Take((int)request.Limit);
        foreach ((PointStruct p, float distance) in hits)
        {
            response.Result.Add(new ScoredPoint { Id = p.Id, Payload = { p.Payload }, Vectors = FakeQdrantState.Output(p), Score = distance });
        }

        return Task.FromResult(response);
    }

    public virtual Task<GetResponse> Get(GetPoints request, ServerCallContext context)
    {
        state.Check(context);
        var points = state.Points(request.CollectionName);
        var response = new GetResponse();
        foreach (PointId id in request.Ids)
        {
            if (points.TryGetValue(id.Num, out PointStruct? p))
            {
                response.Result.Add(new RetrievedPoint { Id = p.Id, Payload = { p.Payload }, Vectors = FakeQdrantState.Output(p) });
            }
        }

        return Task.FromResult(response);
    }

    public virtual Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        state.Check(context);
        var points = state.Points(request.CollectionName);
        foreach (PointId id in request.Points.Points.Ids)
        {
            points.TryRemove(id.Num, out _);
        }

        return Task.FromResult(Completed());
    }

    public virtual Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        state.Check(context);
        return Task.FromResult(new CountResponse { Result = new CountResult { Count = (ulong)state.Points(request.CollectionName).Count } });
    }

    public virtual Task<ScrollResponse> Scroll(ScrollPoints request, ServerCallContext context)
    {
        state.Check(context);
        int limit = (int)request.Limit;
        var page = state.Points(request.CollectionName).Values
            .Where(p => request.Offset is null || p.Id.Num >= request.Offset.Num)
            .OrderBy(p => p.Id.Num)
            .Take(limit + 1)
            .ToList();
        var response = new ScrollResponse();
        foreach (PointStruct p in page.Take(limit))
        {
            response.Result.Add(new RetrievedPoint { Id = p.Id, Payload = { p.Payload }, Vectors = FakeQdrantState.Output(p) });
        }

        if (page.Count > limit)
        {
            response.NextPageOffset = page[limit].Id;
        }

        return Task.FromResult(response);
    }

    private static PointsOperationResponse Completed() => new() { Result = new UpdateResult { Status = UpdateStatus.Completed } };
}

internal static class QdrantFieldNames
{
    public const string Tags = VectaX.Qdrant.QdrantVectorStore.TagsField;
}
