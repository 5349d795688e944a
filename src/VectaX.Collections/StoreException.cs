namespace VectaX.Collections;

/// <summary>
/// A vector store refused or failed an operation: an unknown collection, a dimension that does not match the key, a
/// store file it cannot read, or a server error. <see cref="IsTransient"/> says whether the same call may succeed if
/// tried again; the store adapter that throws it decides, from its own error codes.
/// </summary>
public sealed class StoreException : VectaXException
{
    /// <summary>Creates the error: permanent unless <paramref name="kind"/> says otherwise, with the wait a rate limit asked for, if any.</summary>
    public StoreException(string message, Exception? innerException = null, StoreFailureKind kind = StoreFailureKind.Permanent, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    /// <summary>What the failure means for a retry.</summary>
    public StoreFailureKind Kind { get; }

    /// <summary>How long a rate-limited server asked the caller to wait; null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether an idempotent call that failed this way is worth another try: a transient failure or a rate limit.</summary>
    public bool IsTransient => Kind is StoreFailureKind.Transient or StoreFailureKind.RateLimited;
}
