namespace VectaX.Tests.Store;

/// <summary>Tests that read or set the QDRANT_* environment variables run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class QdrantEnvironment
{
    public const string Name = "QDRANT_* environment variables";
}
