using VectaX.Collections;

namespace VectaX.Qdrant;

/// <summary>
/// Configuration of <see cref="VectaXServiceCollectionExtensions.AddVectaX"/> (section "VectaX"): where the key is,
/// which store to use, and how search re-ranks. Key material is read, never logged.
/// </summary>
public sealed class VectaXOptions
{
    /// <summary>The configuration section bound by default.</summary>
    public const string Section = "VectaX";

    /// <summary>Path of the active key file (written by <see cref="VectaXKey.Save"/>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The active key as base64 (<see cref="VectaXKey.ToBase64"/>), e.g. from a secret store; used when no file is given.</summary>
    public string? KeyBase64 { get; set; }

    /// <summary>Key files still in use during a rotation: their points decrypt and are searched.</summary>
    public IList<string> RetiredKeyFiles { get; } = [];

    /// <summary>The collection name.</summary>
    public string Collection { get; set; } = "vectax";

    /// <summary>A Qdrant gRPC endpoint (e.g. http://localhost:6334); empty means the embedded store.</summary>
    public Uri? QdrantUrl { get; set; }

    /// <summary>The Qdrant API key, if the server wants one.</summary>
    public string? QdrantApiKey { get; set; }

    /// <summary>The deadline of each Qdrant call (default 30 s): a stalled server fails the call instead of hanging it.</summary>
    public TimeSpan QdrantCallTimeout { get; set; } = QdrantStoreOptions.DefaultCallTimeout;

    /// <summary>The largest Qdrant response accepted (default 32 MiB); pages and candidate fetches are sized to fit it.</summary>
    public int QdrantMaxResponseBytes { get; set; } = QdrantStoreOptions.DefaultMaxResponseBytes;

    /// <summary>Qdrant's hnsw_ef per search; unset: the collection's ef_construct (100 by default). Raise it for recall.</summary>
    public ulong? QdrantHnswEf { get; set; }

    /// <summary>Exact (full-scan) Qdrant search instead of HNSW: exact recall at a cost linear in the collection.</summary>
    public bool QdrantExactSearch { get; set; }

    /// <summary>A file the embedded store loads at start if it exists.</summary>
    public string? EmbeddedStorePath { get; set; }

    /// <summary>Candidates per result for the exact re-rank.</summary>
    public int RerankFactor { get; set; } = EncryptedCollection.DefaultRerankFactor;
}
