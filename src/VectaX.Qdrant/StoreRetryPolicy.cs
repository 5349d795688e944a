using System.Globalization;
using Grpc.Core;

namespace VectaX.Qdrant;

/// <summary>What a failed store call means for a retry, from its gRPC status as Qdrant 1.19 sets it.</summary>
public enum StoreFailureKind
{
    /// <summary>Retrying will fail the same way: bad input, missing collection, refused key, server bug, or no gRPC status at all.</summary>
    Permanent,

    /// <summary>Unavailable, DeadlineExceeded or Aborted: the server was unreachable, slow, or hit a conflict; an idempotent call may be retried.</summary>
    Transient,

    /// <summary>ResourceExhausted without the storage marker: Qdrant's rate limiter; retry after its retry-after, if it sent one.</summary>
    RateLimited,

    /// <summary>ResourceExhausted with the "qdrant-insufficient-storage" marker: the disk is full; retrying will not help.</summary>
    OutOfStorage,

    /// <summary>The client refused a response larger than its receive limit: ask for less, not again.</summary>
    ResponseTooLarge,
}

/// <summary>The retry classification: which store failures are transient, and how long a rate limit asks to wait.</summary>
public static class StoreRetryPolicy
{
    /// <summary>The trailer in which Qdrant's rate limiter says how many whole seconds to wait.</summary>
    public const string RetryAfterTrailer = "retry-after";

    /// <summary>The trailer marking Qdrant's ResourceExhausted as "out of storage" rather than a rate limit.</summary>
    public const string InsufficientStorageTrailer = "qdrant-insufficient-storage";

    /// <summary>How the client reports a response over its receive limit (Grpc.Net.Client's wording).</summary>
    private const string ReceiveLimitDetail = "Received message exceeds the maximum";

    /// <summary>Classifies a failure: a <see cref="StoreException"/> is judged by the gRPC status inside it.</summary>
    public static (StoreFailureKind Kind, TimeSpan? RetryAfter) Classify(Exception failure) => failure switch
    {
        RpcException e => Classify(e),
        StoreException { InnerException: RpcException e } => Classify(e),
        _ => (StoreFailureKind.Permanent, null),
    };

    /// <summary>Whether the failure is worth another try of an idempotent call.</summary>
    public static bool IsTransient(StoreFailureKind kind) => kind is StoreFailureKind.Transient or StoreFailureKind.RateLimited;

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
