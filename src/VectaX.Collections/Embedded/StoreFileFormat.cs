namespace VectaX.Collections.Embedded;

/// <summary>
/// Layout of a store file (version 2), little-endian. A file header ("VXS2", version) is followed by records, each
/// a 32-byte record header (marker, kind, body length, the body's <see cref="BlockHash"/>, XxHash3 of the
/// header's first 24 bytes) and a body padded to 8 bytes. A writer only appends records, each flushed to disk before the write is
/// acknowledged, so only the last record can be torn by a crash; compaction writes a new file and renames it.
/// </summary>
internal static class StoreFileFormat
{
    public const int FileHeaderLength = 8;
    public const uint Version = 2;
    public const int RecordHeaderLength = 32;

    /// <summary>"VXR2": the first word of every record header.</summary>
    public const uint RecordMarker = 0x32525856;

    /// <summary>The largest dimension a key accepts.</summary>
    public const int MaxDimension = 65536;

    /// <summary>Collection names are short: a longer length in a file is damage, not data.</summary>
    public const int MaxNameBytes = 4096;

    /// <summary>Floats per points record that compaction writes, so records verify in parallel and stay under 2^31 elements.</summary>
    public const int FloatsPerCompactedRecord = 1 << 24;

    public static ReadOnlySpan<byte> Magic => "VXS2"u8;

    /// <summary>Zero bytes after a points record's ids, vectors and row tag sets, so its payload offsets start 8-aligned.</summary>
    public static int PaddingAfterRows(int count, int dimension) => (int)(4L * count * (dimension + 1) % 8);

    /// <summary>The first format: one length-prefixed stream of every point, parsed whole on load.</summary>
    public static ReadOnlySpan<byte> LegacyMagic => "VXS1"u8;
}

/// <summary>What a record holds.</summary>
internal enum RecordKind : uint
{
    /// <summary>A collection and its dimension.</summary>
    Collection = 1,

    /// <summary>A block of points: ids, one contiguous vector block, per-row tag sets and payloads.</summary>
    Points = 2,

    /// <summary>Ids deleted from a collection.</summary>
    Delete = 3,
}
