using VectaX.Collections;
using VectaX.Qdrant;
using Fault = VectaX.Tests.Store.RetryAttemptTableTests.Fault;

namespace VectaX.Tests.Store;

/// <summary>
/// Whether a store failure says it is transient, for each failure class: the retry table's faults raised by a real
/// Qdrant server over gRPC, and the failures a server, a network or the embedded store produce by themselves.
/// </summary>
public sealed class StoreTransienceTests
{
    /// <summary>Each fault of the retry table that a server raises, and the kind and retry-after its store error must carry.</summary>
    public static TheoryData<Fault, StoreFailureKind, int?> ServerFaults() => new()
    {
        { Fault.Unavailable, StoreFailureKind.Transient, null },
        { Fault.DeadlineExceeded, StoreFailureKind.Transient, null },
        { Fault.Aborted, StoreFailureKind.Transient, null },
        { Fault.RateLimited, StoreFailureKind.RateLimited, null },
        { Fault.RateLimitedRetryAfterZero, StoreFailureKind.RateLimited, 0 },
        { Fault.RateLimitedRetryAfterOne, StoreFailureKind.RateLimited, 1 },
        { Fault.RateLimitedRetryAfterTooLong, StoreFailureKind.RateLimited, 31 },
        { Fault.OutOfStorage, StoreFailureKind.OutOfStorage, null },
        { Fault.ResponseTooLarge, StoreFailureKind.ResponseTooLarge, null },
        { Fault.InvalidArgument, StoreFailureKind.Permanent, null },
        { Fault.NotFound, StoreFailureKind.Permanent, null },
    };

    [Theory]
    [MemberData(nameof(ServerFaults))]
    public async Task A_server_fault_reaches_the_caller_as_a_store_error_that_says_whether_to_retry(Fault fault, StoreFailureKind kind, int? retryAfterSeconds)
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);
        await store.EnsureCollectionAsync("c", 4);
        server.State.UpsertFault = RetryAttemptTableTests.Status(fault)!;
        server.State.FailingUpserts = 1;

        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.UpsertAsync("c", [Point(1)]));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(kind is StoreFailureKind.Transient or StoreFailureKind.RateLimited, e.IsTransient);
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, e.RetryAfter);
        Assert.StartsWith("Qdrant upsert failed:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_transient()
    {
        using var store = new QdrantVectorStore(new Uri("http://127.0.0.1:1"), new QdrantStoreOptions { CallTimeout = TimeSpan.FromSeconds(10) });

        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("c"));

        Assert.True(e.IsTransient);
        Assert.Equal(StoreFailureKind.Transient, e.Kind);
        Assert.Contains("Unavailable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_past_its_deadline_is_transient()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address, new QdrantStoreOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        await store.EnsureCollectionAsync("c", 4).WaitAsync(TimeSpan.FromSeconds(30));
        server.State.Stalled = true;

        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("c").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(e.IsTransient);
        Assert.Contains("DeadlineExceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_of_the_request_itself_are_permanent()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "rw", readOnlyApiKey: "ro");
        using var writer = new QdrantVectorStore(server.Address, "rw");
        await writer.EnsureCollectionAsync("c", 4);
        using var reader = new QdrantVectorStore(server.Address, "ro");
        using var stranger = new QdrantVectorStore(server.Address, "wrong");

        (string Status, StoreException Error)[] refusals =
        [
            ("NotFound", await Assert.ThrowsAsync<StoreException>(() => writer.CountAsync("missing"))),
            ("InvalidArgument", await Assert.ThrowsAsync<StoreException>(() => writer.UpsertAsync("c", [Point(1, dimension: 5)]))),
            ("PermissionDenied", await Assert.ThrowsAsync<StoreException>(() => reader.UpsertAsync("c", [Point(1)]))),
            ("Unauthenticated", await Assert.ThrowsAsync<StoreException>(() => stranger.CountAsync("c"))),
        ];

        Assert.All(refusals, r =>
        {
            Assert.Contains(r.Status, r.Error.Message, StringComparison.Ordinal);
            Assert.Equal((StoreFailureKind.Permanent, false, null), (r.Error.Kind, r.Error.IsTransient, r.Error.RetryAfter));
        });
    }

    [Fact]
    public async Task The_embedded_stores_errors_are_permanent()
    {
        using var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 4);

        StoreException[] errors =
        [
            await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("missing")),
            await Assert.ThrowsAsync<StoreException>(() => store.UpsertAsync("c", [Point(1, dimension: 5)])),
            await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync("c", 8)),
        ];

        Assert.All(errors, e => Assert.Equal((StoreFailureKind.Permanent, false), (e.Kind, e.IsTransient)));
    }

    private static StoredPoint Point(ulong id, int dimension = 4) => new(id, new float[dimension], new Dictionary<string, string>(), []);
}
