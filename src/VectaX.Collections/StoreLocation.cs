namespace VectaX.Collections;

/// <summary>
/// Where <see cref="VectorStoreFactory"/> finds a collection's points: a server (through its adapter's connector), an
/// embedded store file, or, with neither, memory.
/// </summary>
public sealed record StoreLocation
{
    /// <summary>The collection name.</summary>
    public required string Collection { get; init; }

    /// <summary>A server endpoint, e.g. http://localhost:6334; when set, <see cref="Connector"/> opens it and <see cref="File"/> is ignored.</summary>
    public Uri? Server { get; init; }

    /// <summary>The adapter that connects to <see cref="Server"/>.</summary>
    public IVectorStoreConnector? Connector { get; init; }

    /// <summary>An embedded store file: loaded if it exists (created by a <see cref="Writer"/> if not).</summary>
    public string? File { get; init; }

    /// <summary>Open <see cref="File"/> as its one writer, every acknowledged batch on disk (<see cref="EmbeddedVectorStore.Open"/>), rather than load it into memory.</summary>
    public bool Writer { get; init; }
}
