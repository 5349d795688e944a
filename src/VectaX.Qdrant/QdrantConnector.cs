using VectaX.Collections;

namespace VectaX.Qdrant;

/// <summary>Qdrant for <see cref="VectorStoreFactory"/>: a <see cref="QdrantVectorStore"/> with these options at the endpoint a location names.</summary>
public sealed class QdrantConnector(QdrantStoreOptions options) : IVectorStoreConnector
{
    /// <inheritdoc/>
    public string Name => "Qdrant";

    /// <inheritdoc/>
    public IVectorStore Connect(Uri endpoint) => new QdrantVectorStore(endpoint, options);
}
