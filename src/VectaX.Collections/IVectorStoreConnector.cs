namespace VectaX.Collections;

/// <summary>What a store adapter gives <see cref="VectorStoreFactory"/>: a store on a server at an endpoint (VectaX.Qdrant's QdrantConnector).</summary>
public interface IVectorStoreConnector
{
    /// <summary>The server's name in log lines, e.g. "Qdrant".</summary>
    string Name { get; }

    /// <summary>A store on the server at <paramref name="endpoint"/>; the caller disposes it (when it is <see cref="IDisposable"/>).</summary>
    IVectorStore Connect(Uri endpoint);
}
