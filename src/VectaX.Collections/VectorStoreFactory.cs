using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VectaX.Collections;

/// <summary>The one place a store is chosen and opened, for dependency injection and the command line alike.</summary>
public static class VectorStoreFactory
{
    /// <summary>
    /// The store <paramref name="location"/> names: the server through its connector; else the embedded store file, as
    /// its writer or loaded (in memory when the file does not exist yet); else an empty store in memory. The caller
    /// disposes it. Logs which store it opened, never a key or a payload.
    /// </summary>
    public static IVectorStore Open(StoreLocation location, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        logger ??= NullLogger.Instance;
        if (location.Server is { } endpoint)
        {
            IVectorStoreConnector connector = location.Connector
                ?? throw new ArgumentException($"The store at {endpoint} needs a connector from its adapter (such as VectaX.Qdrant's QdrantConnector).", nameof(location));
            Log.ServerStore(logger, connector.Name, endpoint, location.Collection);
            return connector.Connect(endpoint);
        }

        if (location.File is { Length: > 0 } path)
        {
            if (location.Writer)
            {
                Log.EmbeddedStoreWriter(logger, path, location.Collection);
                return EmbeddedVectorStore.Open(path);
            }

            if (File.Exists(path))
            {
                Log.EmbeddedStoreLoaded(logger, path, location.Collection);
                return EmbeddedVectorStore.Load(path);
            }
        }

        Log.EmbeddedStore(logger, location.Collection);
        return new EmbeddedVectorStore();
    }
}
