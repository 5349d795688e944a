namespace VectaX.Collections;

/// <summary>What a failed store call means for a retry; each store adapter maps its own errors to these.</summary>
public enum StoreFailureKind
{
    /// <summary>Retrying will fail the same way: bad input, a missing collection, a refused key, a server bug, an unreadable file, or an error the adapter cannot place.</summary>
    Permanent,

    /// <summary>The server was unreachable, too slow for the call's deadline, or hit a conflict: an idempotent call may be retried.</summary>
    Transient,

    /// <summary>The server's rate limiter refused the call: retry after <see cref="StoreException.RetryAfter"/> when it sent one.</summary>
    RateLimited,

    /// <summary>The server's disk is full: retrying will not help.</summary>
    OutOfStorage,

    /// <summary>The client refused a response larger than its receive limit: ask for less, not again.</summary>
    ResponseTooLarge,
}
