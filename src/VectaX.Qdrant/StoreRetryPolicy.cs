using System.Globalization;
using Grpc.Core;
using VectaX.Collections;

namespace VectaX.Qdrant;

/// <summary>
/// Qdrant's failures as store failures: which gRPC statuses (as Qdrant 1.19 sets them) are transient, and how long a
/// rate limit asks to wait. Unavailable, DeadlineExceeded and Aborted are transient; ResourceExhausted is a rate limit
/// unless it carries the storage marker or is the client's own receive limit; every other status is permanent.
/// </summary>
public static class StoreRetryPolicy
{
    /// <summary>The trailer in which Qdrant's rate limiter says how many whole seconds to wait.</summary>
    public const string RetryAfterTrailer = "retry-after";

    /// <summary>The trailer marking Qdrant's ResourceExhausted as "out of storage" rather than a rate limit.</summary>
    public const string InsufficientStorageTrailer = "qdrant-insufficient-storage";

    /// <summary>How the client reports a response over its receive limit (Grpc.Net.Client's wording).</summary>
    private const string ReceiveLimitDetail = "Received message exceeds the maximum";

    /// <summary>Classifies a failure: a gRPC one by its status, a <see cref="StoreException"/> by the kind it carries, anything else as permanent.</summary>
    public static (StoreFailureKind Kind, TimeSpan? RetryAfter) Classify(Exception failure) => failure switch
    {
        RpcException e => Classify(e),
        StoreException e => (e.Kind, e.RetryAfter),
        _ => (StoreFailureKind.Permanent, null),
    };

    /// <summary>The <see cref="StoreException"/> a failed gRPC call becomes: <paramref name="message"/>, with its kind and retry-after from the status.</summary>
    public static StoreException ToStoreException(string message, RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        (StoreFailureKind kind, TimeSpan? retryAfter) = Classify(failure);
        return new StoreException(message, failure, kind, retryAfter);
    }

    private static (StoreFailureKind, TimeSpan?) Classify(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted => (StoreFailureKind.Transient, null),
        StatusCode.ResourceExhausted when e.Trailers.Get(InsufficientStorageTrailer) is not null => (StoreFailureKind.OutOfStorage, null),
        StatusCode.ResourceExhausted when e.Status.Detail.StartsWith(ReceiveLimitDetail, StringComparison.Ordinal) => (StoreFailureKind.ResponseTooLarge, null),
        StatusCode.ResourceExhausted => (StoreFailureKind.RateLimited, RetryAfter(e.Trailers)),
        _ => (StoreFailureKind.Permanent, null),
    };

    /// <summary>Whole seconds, as Qdrant sends them; an unreadable value is treated as absent (the caller backs off instead).</summary>
    private static TimeSpan? RetryAfter(Metadata trailers) =>
        trailers.GetValue(RetryAfterTrailer) is { } text && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
