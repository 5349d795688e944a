namespace VectaX.Qdrant;

/// <summary>How <see cref="QdrantVectorStore"/> talks to Qdrant: API key, per-call deadline, the largest response it accepts, and search accuracy.</summary>
public sealed record QdrantStoreOptions
{
    /// <summary>The default <see cref="CallTimeout"/>.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="MaxResponseBytes"/>: 32 MiB.</summary>
    public const int DefaultMaxResponseBytes = 32 << 20;

    /// <summary>The API key sent with every call, if the server wants one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The deadline of each call: a server that stops answering fails the call with DeadlineExceeded instead of hanging it.</summary>
    public TimeSpan CallTimeout { get; init; } = DefaultCallTimeout;

    /// <summary>
    /// The largest response message the client receives. Scroll pages and search candidates are fetched in pieces
    /// sized to half of it, from the dimension and the payload sizes seen so far.
    /// </summary>
    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>HNSW beam width per search (Qdrant's hnsw_ef); null: the collection's ef_construct (100 by default). Larger: higher recall, slower.</summary>
    public ulong? HnswEf { get; init; }

    /// <summary>Exact (full-scan) search instead of HNSW: exact recall, linear cost in the collection size.</summary>
    public bool ExactSearch { get; init; }

    /// <summary>The settings, with the API key shown only as set or not.</summary>
    public override string ToString() =>
        $"{nameof(QdrantStoreOptions)} {{ ApiKey = {(ApiKey is null ? "none" : "set")}, CallTimeout = {CallTimeout}, MaxResponseBytes = {MaxResponseBytes}, HnswEf = {HnswEf?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}, ExactSearch = {ExactSearch} }}";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a non-positive timeout, a response limit under 64 KiB, or an ef of 0.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CallTimeout, TimeSpan.Zero, nameof(CallTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 64 << 10, nameof(MaxResponseBytes));
        if (HnswEf == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HnswEf), "hnsw_ef must be at least 1.");
        }
    }
}
