using Microsoft.Extensions.Logging;

namespace VectaX.Qdrant;

/// <summary>The log messages VectaX writes: stores and retries, never key material or payloads.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "VectaX store: Qdrant at {Endpoint}, collection {Collection}")]
    public static partial void QdrantStore(ILogger logger, Uri endpoint, string collection);

    [LoggerMessage(2, LogLevel.Information, "VectaX store: embedded, loaded from {Path}, collection {Collection}")]
    public static partial void EmbeddedStoreLoaded(ILogger logger, string path, string collection);

    [LoggerMessage(3, LogLevel.Information, "VectaX store: embedded (in memory), collection {Collection}")]
    public static partial void EmbeddedStore(ILogger logger, string collection);

    [LoggerMessage(4, LogLevel.Warning, "VectaX ingest: upload of {Count} points failed ({Reason}); try {Attempt} in {Delay}")]
    public static partial void UploadRetry(ILogger logger, int count, string reason, int attempt, TimeSpan delay);
}
