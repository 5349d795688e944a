using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>
/// The ingest's retry loop, table-driven beside <see cref="StoreRetryPolicyTests"/> (which runs every status code once):
/// each failure kind against attempt limits and failure counts, the waits between tries, and failures that carry no
/// gRPC status at all.
/// </summary>
public sealed partial class RetryAttemptTableTests
{
    /// <summary>Failure kinds the table injects, each as the store adapter would raise it.</summary>
    public enum Fault
    {
        Unavailable,
        DeadlineExceeded,
        Aborted,
        RateLimited,
        RateLimitedRetryAfterZero,
        RateLimitedRetryAfterOne,
        RateLimitedRetryAfterTooLong,
        OutOfStorage,
        ResponseTooLarge,
        InvalidArgument,
        NotFound,
        NoStatus,
    }

    /// <summary>Fault, failing uploads before success, attempt limit -> uploads tried, and whether the run succeeds.</summary>
    public static TheoryData<Fault, int, int, int, bool> Table() => new()
    {
        { Fault.Unavailable, 1, 2, 2, true },
        { Fault.Unavailable, 2, 2, 2, false },
        { Fault.Unavailable, 4, 5, 5, true },
        { Fault.Unavailable, 5, 5, 5, false },
        { Fault.Unavailable, 3, 1, 1, false },
        { Fault.DeadlineExceeded, 3, 4, 4, true },
        { Fault.DeadlineExceeded, 4, 4, 4, false },
        { Fault.Aborted, 2, 3, 3, true },
        { Fault.RateLimited, 2, 3, 3, true },
        { Fault.RateLimited, 3, 3, 3, false },
        { Fault.RateLimitedRetryAfterZero, 2, 3, 3, true },
        { Fault.RateLimitedRetryAfterTooLong, 1, 5, 1, false },
        { Fault.OutOfStorage, 1, 5, 1, false },
        { Fault.ResponseTooLarge, 1, 5, 1, false },
        { Fault.InvalidArgument, 1, 5, 1, false },
        { Fault.NotFound, 1, 5, 1, false },
        { Fault.NoStatus, 1, 5, 1, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Uploads_are_tried_as_the_table_says(Fault fault, int failures, int maxAttempts, int expectedAttempts, bool succeeds)
    {
        var options = new IngestOptions { BatchSize = 8, MaxAttempts = maxAttempts, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(2), MaxRetryAfter = TimeSpan.FromSeconds(30) };
        (int attempts, IngestException? failed, _) = await IngestAsync(fault, failures, options);

        Assert.Equal(expectedAttempts, attempts);
        Assert.Equal(succeeds, failed is null);
        if (failed is not null)
        {
            // Nothing was acknowledged, and the store's own error is kept inside the ingest's.
            Assert.Equal(0, failed.Acknowledged);
            Assert.IsType<StoreException>(failed.InnerException);
        }
    }

    [Fact]
    public async Task Waits_double_from_the_initial_backoff_up_to_the_cap_and_a_retry_after_replaces_them()
    {
        var options = new IngestOptions { BatchSize = 8, MaxAttempts = 6, InitialBackoff = TimeSpan.FromMilliseconds(3), MaxBackoff = TimeSpan.FromMilliseconds(10) };
        (_, IngestException? failed, IReadOnlyDictionary<int, TimeSpan> waits) = await IngestAsync(Fault.Unavailable, 5, options);
        Assert.Null(failed);
        Assert.Equal([3, 6, 10, 10, 10], Enumerable.Range(2, 5).Select(attempt => waits[attempt].TotalMilliseconds));

        (_, failed, waits) = await IngestAsync(Fault.RateLimitedRetryAfterZero, 2, options);
        Assert.Null(failed);
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero], [waits[2], waits[3]]);
    }

    [Fact]
    public async Task A_retry_after_equal_to_the_longest_allowed_is_waited_and_one_second_more_is_not()
    {
        var options = new IngestOptions { BatchSize = 8, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxRetryAfter = TimeSpan.Zero };
        (int attempts, IngestException? failed, _) = await IngestAsync(Fault.RateLimitedRetryAfterZero, 1, options);
        Assert.Equal((2, true), (attempts, failed is null));

        (attempts, failed, _) = await IngestAsync(Fault.RateLimitedRetryAfterOne, 1, options);
        Assert.Equal((1, false), (attempts, failed is null));
    }

    /// <summary>The fault as the store adapter raises it: a gRPC failure mapped by <see cref="StoreRetryPolicy"/>, or a store error without a status.</summary>
    private static StoreException Raise(Fault fault) => Status(fault) is { } status
        ? StoreRetryPolicy.ToStoreException($"Qdrant upsert failed: {status.StatusCode} ({status.Status.Detail})", status)
        : new StoreException("Collection 'docs' failed without a gRPC status.");

    /// <summary>The gRPC failure a Qdrant server (or the client's receive limit) reports for the fault; null for <see cref="Fault.NoStatus"/>.</summary>
    internal static RpcException? Status(Fault fault)
    {
        var trailers = new Metadata();
        (StatusCode code, string detail) = fault switch
        {
            Fault.Unavailable => (StatusCode.Unavailable, "injected"),
            Fault.DeadlineExceeded => (StatusCode.DeadlineExceeded, "injected"),
            Fault.Aborted => (StatusCode.Aborted, "injected"),
            Fault.OutOfStorage => (StatusCode.ResourceExhausted, "No space left on device"),
            Fault.ResponseTooLarge => (StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."),
            Fault.InvalidArgument => (StatusCode.InvalidArgument, "injected"),
            Fault.NotFound => (StatusCode.NotFound, "injected"),
            Fault.NoStatus => (StatusCode.OK, ""),
            _ => (StatusCode.ResourceExhausted, "rate limit"),
        };
        switch (fault)
        {
            case Fault.NoStatus:
                return null;
            case Fault.OutOfStorage:
                trailers.Add(StoreRetryPolicy.InsufficientStorageTrailer, "1");
                break;
            case Fault.RateLimitedRetryAfterZero:
                trailers.Add(StoreRetryPolicy.RetryAfterTrailer, "0");
                break;
            case Fault.RateLimitedRetryAfterOne:
                trailers.Add(StoreRetryPolicy.RetryAfterTrailer, "1");
                break;
            case Fault.RateLimitedRetryAfterTooLong:
                trailers.Add(StoreRetryPolicy.RetryAfterTrailer, "31");
                break;
        }

        return new RpcException(new Status(code, detail), trailers);
    }

    /// <summary>Ingests one batch through a store whose first <paramref name="failures"/> uploads fail; returns the uploads tried, the error, and the logged wait before each try.</summary>
    private static async Task<(int Attempts, IngestException? Failed, IReadOnlyDictionary<int, TimeSpan> Waits)> IngestAsync(Fault fault, int failures, IngestOptions options)
    {
        using var embedded = new EmbeddedVectorStore();
        var store = new FlakyStore(embedded, "docs", failures, () => Raise(fault));
        using VectaXKey key = TestData.Key(4, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.EnsureAsync();
        using var logs = new LogCapture();
        IngestException? failed = null;
        try
        {
            Assert.Equal(8, await new IngestPipeline(collection, options, logs.CreateLogger("test")).RunAsync(Enumerable.Range(0, 8).Select(i => new PlainRecord((ulong)i, [1, 0, 0, 0]))));
            Assert.Equal(8, await collection.CountAsync());
        }
        catch (IngestException e)
        {
            failed = e;
            Assert.Equal(0, await collection.CountAsync());
        }

        var waits = logs.Messages.Select(m => RetryLine().Match(m)).Where(m => m.Success)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => TimeSpan.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(store.Attempts - 1, waits.Count);
        return (store.Attempts, failed, waits);
    }

    [GeneratedRegex(@"try (\d+) in ([0-9:.]+)$")]
    private static partial Regex RetryLine();

    /// <summary>A store whose first uploads to one collection fail with a given error; counts the uploads tried there.</summary>
    private sealed class FlakyStore(IVectorStore inner, string collection, int failures, Func<Exception> fault) : DelegatingStore(inner)
    {
        private int _left = failures;

        public int Attempts { get; private set; }

        public override Task UpsertAsync(string collectionName, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
        {
            if (collectionName != collection)
            {
                return base.UpsertAsync(collectionName, points, cancellationToken);
            }

            Attempts++;
            return _left-- > 0 ? Task.FromException(fault()) : base.UpsertAsync(collectionName, points, cancellationToken);
        }
    }
}
