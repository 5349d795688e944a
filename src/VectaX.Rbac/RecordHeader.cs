using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// A record's header (version 4), the same 105 bytes whatever the policy: version(1) | authority id(8) | epoch(4) |
/// class tag(16) | record id(16) | wrapped data key: GCM nonce(12) | data key(32) | GCM tag(16). The data key is its
/// sealer's (one per sealer and class epoch, rotated after <see cref="PolicySealer.DefaultRecordsPerDataKey"/>
/// records), under AES-256-GCM with the class's wrapping key, bound to the class part (version to class tag): every
/// record of one sealer's data key carries the same wrapped key. The blob binds the record id and the caller's context,
/// so a header on another record, point or class fails the blob's tag. The class header is stored once per class (the
/// collection's class registry), found by the tag.
/// </summary>
internal static class RecordHeader
{
    public const byte Version = 4;
    public const int AuthorityIdSize = ClassHeaderLayout.AuthorityIdSize;
    public const int TagSize = 16;
    public const int RecordIdSize = 16;
    public const int DataKeySize = 32;
    public const int EpochOffset = 1 + AuthorityIdSize;
    public const int TagOffset = EpochOffset + 4;
    public const int RecordIdOffset = TagOffset + TagSize;
    public const int WrappedOffset = RecordIdOffset + RecordIdSize;
    public const int WrappedSize = RecordCrypto.GcmNonceSize + DataKeySize + RecordCrypto.GcmTagSize;
    public const int Size = WrappedOffset + WrappedSize;

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
                    ? $"RBAC header version {header[0]} is no longer read: its data key was per record. Re-seal the record with this version (see docs/SECURITY.md)."
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

        public uint Epoch => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[EpochOffset..]);

        public ReadOnlySpan<byte> ClassTag => Bytes.Slice(TagOffset, TagSize);

        public ReadOnlySpan<byte> RecordId => Bytes.Slice(RecordIdOffset, RecordIdSize);

        /// <summary>The class part the wrapped data key is bound to: version, authority, epoch, class tag.</summary>
        public ReadOnlySpan<byte> ClassPart => Bytes[..RecordIdOffset];

        /// <summary>The wrapped data key (nonce, key, tag): the same bytes on every record of one sealer's data key.</summary>
        public ReadOnlySpan<byte> Wrapped => Bytes.Slice(WrappedOffset, WrappedSize);
    }
}
