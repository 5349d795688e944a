using Grpc.Core;
using Microsoft.Extensions.Logging;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>Which store failures the ingest retries, how often, and how long it waits: every gRPC status code.</summary>
public class StoreRetryPolicyTests
{
    private static readonly IngestOptions Fast = new() { BatchSize = 16, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(2) };

    /// <summary>Every status code and whether a failure with it (and no trailers) is retried.</summary>
    public static TheoryData<StatusCode, bool> EveryStatusCode()
    {
        var retried = new HashSet<StatusCode> { StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Aborted, StatusCode.ResourceExhausted };
        var data = new TheoryData<StatusCode, bool>();
        foreach (StatusCode code in Enum.GetValues<StatusCode>())
        {
            data.Add(code, retried.Contains(code));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusCode))]
    public async Task Each_status_code_is_retried_or_not_as_the_table_says(StatusCode code, bool retried)
    {
        Assert.Equal(retried, StoreRetryPolicy.ToStoreException("x", new RpcException(new Status(code, "x"))).IsTransient);

        // Through a real ingest: two injected failures, then success; a failure that is not retried stops the run at once.
        (int attempts, IngestException? failed) = await IngestAgainstFaultsAsync(new RpcException(new Status(code, "injected")), failures: 2);
        Assert.Equal(retried ? 3 : 1, attempts);
        Assert.Equal(retried, failed is null);
    }

    [Fact]
    public void Resource_exhausted_is_a_rate_limit_unless_marked_out_of_storage_or_raised_by_the_clients_receive_limit()
    {
        Assert.Equal((StoreFailureKind.RateLimited, TimeSpan.FromSeconds(2)), StoreRetryPolicy.Classify(Exhausted("rate limit", (StoreRetryPolicy.RetryAfterTrailer, "2"))));
        Assert.Equal((StoreFailureKind.RateLimited, null), StoreRetryPolicy.Classify(Exhausted("rate limit", (StoreRetryPolicy.RetryAfterTrailer, "soon"))));
        Assert.Equal((StoreFailureKind.OutOfStorage, null), StoreRetryPolicy.Classify(Exhausted("No space left on device", (StoreRetryPolicy.InsufficientStorageTrailer, "1"))));
        Assert.Equal((StoreFailureKind.ResponseTooLarge, null), StoreRetryPolicy.Classify(Exhausted("Received message exceeds the maximum configured message size.")));
        Assert.Equal((StoreFailureKind.Permanent, null), StoreRetryPolicy.Classify(new InvalidOperationException()));
        Assert.False(new StoreException("x", kind: StoreFailureKind.OutOfStorage).IsTransient);
    }

    [Fact]
    public async Task Out_of_storage_is_not_retried()
    {
        (int attempts, IngestException? failed) = await IngestAgainstFaultsAsync(Exhausted("No space left on device", (StoreRetryPolicy.InsufficientStorageTrailer, "1")), failures: 2);
        Assert.Equal(1, attempts);
        Assert.NotNull(failed);
    }

    [Fact]
    public async Task A_rate_limits_retry_after_is_honoured_and_one_longer_than_allowed_stops_the_run()
    {
        using var logs = new LogCapture();
        (int attempts, IngestException? failed) = await IngestAgainstFaultsAsync(Exhausted("rate limit", (StoreRetryPolicy.RetryAfterTrailer, "1")), failures: 1, logs.CreateLogger("test"));
        Assert.Null(failed);
        Assert.Equal(2, attempts);
        Assert.Contains(logs.Messages, m => m.Contains("RateLimited", StringComparison.Ordinal) && m.Contains("00:00:01", StringComparison.Ordinal));

        (attempts, failed) = await IngestAgainstFaultsAsync(Exhausted("rate limit", (StoreRetryPolicy.RetryAfterTrailer, "3600")), failures: 1);
        Assert.Equal(1, attempts);
        Assert.NotNull(failed);
    }

    private static RpcException Exhausted(string detail, params (string Key, string Value)[] trailers)
    {
        var metadata = new Metadata();
        foreach ((string key, string value) in trailers)
        {
            metadata.Add(key, value);
        }

        return new RpcException(new Status(StatusCode.ResourceExhausted, detail), metadata);
    }

    /// <summary>Ingests one batch into a server whose first <paramref name="failures"/> upserts fail with <paramref name="fault"/>; returns the upserts tried.</summary>
    private static async Task<(int Attempts, IngestException? Failed)> IngestAgainstFaultsAsync(RpcException fault, int failures, ILogger? logger = null)
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);
        using VectaXKey key = TestData.Key(4, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.EnsureAsync();
        server.State.UpsertFault = fault;
        server.State.FailingUpserts = failures;
        IngestException? failed = null;
        try
        {
            Assert.Equal(16, await new IngestPipeline(collection, Fast, logger).RunAsync(Enumerable.Range(0, 16).Select(i => new PlainRecord((ulong)i, [1, 0, 0, 0]))));
            Assert.Equal(16, await collection.CountAsync());
        }
        catch (IngestException e)
        {
            failed = e;
        }

        return (failures - Math.Max(0, server.State.FailingUpserts) + (failed is null ? 1 : 0), failed);
    }
}
