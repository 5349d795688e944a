using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// A record's header (version 3), the same 105 bytes whatever the policy: version(1) | authority id(8) | epoch(4) |
/// class tag(16) | record id(16) | GCM nonce(12) | data key(32) | GCM tag(16). The record's fresh data key is under
/// AES-256-GCM with its class's wrapping key, bound (as associated data) to every byte before the nonce and to the
/// caller's context (the collection and point id). The class header is stored once per class (the collection's class
/// registry), found by the tag; a header moved to another class, record, point or epoch fails the GCM tag.
/// </summary>
internal static class RecordHeader
{
    public const byte Version = ClassHeaderLayout.Version;
    public const int AuthorityIdSize = ClassHeaderLayout.AuthorityIdSize;
    public const int TagSize = 16;
    public const int RecordIdSize = 16;
    public const int DataKeySize = 32;
    public const int TagOffset = 1 + AuthorityIdSize + 4;
    public const int RecordIdOffset = TagOffset + TagSize;
    public const int NonceOffset = RecordIdOffset + RecordIdSize;
    public const int Size = NonceOffset + RecordCrypto.GcmNonceSize + DataKeySize + RecordCrypto.GcmTagSize;

    /// <summary>The class tag of a header of this version and size, or empty (a lookup key only: <see cref="View"/> checks the header).</summary>
    public static ReadOnlySpan<byte> ClassTagOrEmpty(ReadOnlySpan<byte> header) =>
        header.Length == Size && header[0] == Version ? header.Slice(TagOffset, TagSize) : default;

    /// <summary>A parsed view; throws <see cref="MalformedDataException"/> on a structurally invalid header.</summary>
    public readonly ref struct View
    {
        public View(ReadOnlySpan<byte> header)
        {
            if (header.Length > 0 && header[0] != Version)
            {
                Throw.Malformed(header[0] < Version
                    ? $"RBAC header version {header[0]} is no longer read: it carried its class header in every record. Re-seal the record with this version (see docs/SECURITY.md)."
                    : $"Unsupported RBAC header version {header[0]}.");
            }

            if (header.Length != Size)
            {
                Throw.Malformed($"An RBAC record header is {Size} bytes; this one is {header.Length}.");
            }

            Bytes = header;
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public ReadOnlySpan<byte> AuthorityId => Bytes.Slice(1, AuthorityIdSize);

        public uint Epoch => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(1 + AuthorityIdSize)..]);

        public ReadOnlySpan<byte> ClassTag => Bytes.Slice(TagOffset, TagSize);

        public ReadOnlySpan<byte> RecordId => Bytes.Slice(RecordIdOffset, RecordIdSize);

        /// <summary>What the data key's GCM is bound to, with the context: every byte before the nonce.</summary>
        public ReadOnlySpan<byte> Bound => Bytes[..NonceOffset];

        public ReadOnlySpan<byte> Nonce => Bytes.Slice(NonceOffset, RecordCrypto.GcmNonceSize);

        public ReadOnlySpan<byte> WrappedKey => Bytes.Slice(NonceOffset + RecordCrypto.GcmNonceSize, DataKeySize);

        public ReadOnlySpan<byte> GcmTag => Bytes[^RecordCrypto.GcmTagSize..];
    }
}
