using Microsoft.Extensions.Logging;

namespace VectaX.Collections;

/// <summary>The log messages VectaX writes: stores and retries, never key material or payloads.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "VectaX store: {Server} at {Endpoint}, collection {Collection}")]
    public static partial void ServerStore(ILogger logger, string server, Uri endpoint, string collection);

    [LoggerMessage(2, LogLevel.Information, "VectaX store: embedded, loaded from {Path}, collection {Collection}")]
    public static partial void EmbeddedStoreLoaded(ILogger logger, string path, string collection);

    [LoggerMessage(3, LogLevel.Information, "VectaX store: embedded (in memory), collection {Collection}")]
    public static partial void EmbeddedStore(ILogger logger, string collection);

    [LoggerMessage(4, LogLevel.Warning, "VectaX ingest: upload of {Count} points failed ({Reason}); try {Attempt} in {Delay}")]
    public static partial void UploadRetry(ILogger logger, int count, StoreFailureKind reason, int attempt, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "VectaX store: embedded, written through to {Path}, collection {Collection}")]
    public static partial void EmbeddedStoreWriter(ILogger logger, string path, string collection);
}
