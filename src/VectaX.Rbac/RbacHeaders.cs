using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// The public layout of RBAC headers, for a store that keeps each class header once and each record's header beside
/// its record: where a class header's core ends (what a search reads per class) and its entry table starts, and which
/// class, authority and epoch a record header names. Reading these needs no key; every value is checked again by the
/// keys that open the headers.
/// </summary>
public static class RbacHeaders
{
    /// <summary>The size of every record header, whatever its policy.</summary>
    public const int RecordHeaderSize = RecordHeader.Size;

    /// <summary>The size of one class header entry (label and wrapped class secret).</summary>
    public const int ClassEntrySize = ClassHeaderLayout.EntrySize;

    /// <summary>The length of a class header's core (everything before its entry table); <see cref="MalformedDataException"/> on a malformed or old-version header.</summary>
    public static int ClassCoreLength(ReadOnlySpan<byte> classHeader) => ClassHeaderLayout.CoreLengthAt(classHeader);

    /// <summary>The number of entries (a power of two) a class header or its core declares.</summary>
    public static int ClassEntryCount(ReadOnlySpan<byte> classHeader) => ClassHeaderLayout.EntryCountOf(classHeader[..ClassHeaderLayout.CoreLengthAt(classHeader)]);

    /// <summary>The epoch a class header or its core is sealed at.</summary>
    public static uint ClassEpoch(ReadOnlySpan<byte> classHeader) => new ClassHeaderLayout.View(classHeader[..ClassHeaderLayout.CoreLengthAt(classHeader)], needEntries: false).Epoch;

    /// <summary>The tag (base64) of the access class a record header names: where its class header is found.</summary>
    public static string RecordClassTag(ReadOnlySpan<byte> recordHeader) => Convert.ToBase64String(new RecordHeader.View(recordHeader).ClassTag);

    /// <summary>The epoch a record header is sealed at.</summary>
    public static uint RecordEpoch(ReadOnlySpan<byte> recordHeader) => new RecordHeader.View(recordHeader).Epoch;

    /// <summary>The authority id (hex) a record header names.</summary>
    public static string RecordAuthority(ReadOnlySpan<byte> recordHeader) => Convert.ToHexStringLower(new RecordHeader.View(recordHeader).AuthorityId);

    /// <summary>The authority id (hex) a class header names.</summary>
    public static string ClassAuthority(ReadOnlySpan<byte> classHeader) => Convert.ToHexStringLower(new ClassHeaderLayout.View(classHeader[..ClassHeaderLayout.CoreLengthAt(classHeader)], needEntries: false).AuthorityId);

    /// <summary>The similarity parameters a class header names, or null when it has none.</summary>
    public static SimilarityParameters? ClassSimilarity(ReadOnlySpan<byte> classHeader) => new ClassHeaderLayout.View(classHeader[..ClassHeaderLayout.CoreLengthAt(classHeader)], needEntries: false).Similarity;

    /// <summary>The 64-bit id a store can key a class on, from its tag.</summary>
    public static ulong ClassKey(string classTag)
    {
        ArgumentNullException.ThrowIfNull(classTag);
        Span<byte> tag = stackalloc byte[RecordHeader.TagSize];
        if (!Convert.TryFromBase64String(classTag, tag, out int written) || written != RecordHeader.TagSize)
        {
            Throw.Malformed("Not an access class tag.");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(tag);
    }
}
