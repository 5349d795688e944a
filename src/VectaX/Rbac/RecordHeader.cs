using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// The per-record header, versioned: version(1) | authority id(8) | epoch(4) | nonce(16) | record id(16) |
/// entry count(2) | entries(count x 40: label 8, wrapped data key 32) | policy box length(2) | policy box |
/// tag(16). An entry's label and key mask are AES-256-CTR under one combination's atomic key from the header
/// nonce, so labels differ from header to header and name no attribute; dummy entries pad the count to a power
/// of two and all entries are shuffled. The policy box (AES-GCM under an authority-only key) lets the authority
/// re-wrap; the tag (HMAC-SHA256 under a key from the data key) makes any change of the header detectable.
/// </summary>
internal static class RecordHeader
{
    public const byte Version = 1;
    public const int AuthorityIdSize = 8;
    public const int NonceSize = 16;
    public const int RecordIdSize = 16;
    public const int LabelSize = 8;
    public const int DataKeySize = 32;
    public const int EntrySize = LabelSize + DataKeySize;
    public const int TagSize = 16;
    public const int EntriesOffset = 1 + AuthorityIdSize + 4 + NonceSize + RecordIdSize + 2;
    public const int MinEntries = 4;

    public static int PaddedEntries(int combinations) => Math.Max(MinEntries, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)combinations));

    public static int Size(int entries, int policyBoxSize) => EntriesOffset + (entries * EntrySize) + 2 + policyBoxSize + TagSize;

    /// <summary>A parsed view; throws <see cref="MalformedDataException"/> on a structurally invalid header.</summary>
    public readonly ref struct View
    {
        public View(ReadOnlySpan<byte> header)
        {
            if (header.Length < EntriesOffset + 2 + TagSize)
            {
                Throw.Malformed("The RBAC header is truncated.");
            }

            if (header[0] != Version)
            {
                Throw.Malformed($"Unsupported RBAC header version {header[0]}.");
            }

            int entries = BinaryPrimitives.ReadUInt16LittleEndian(header[(EntriesOffset - 2)..]);
            int boxAt = EntriesOffset + (entries * EntrySize);
            if (entries < MinEntries || header.Length < boxAt + 2 + TagSize)
            {
                Throw.Malformed("The RBAC header is truncated or its entry count is invalid.");
            }

            int boxSize = BinaryPrimitives.ReadUInt16LittleEndian(header[boxAt..]);
            if (header.Length != boxAt + 2 + boxSize + TagSize)
            {
                Throw.Malformed("The RBAC header length does not match its contents.");
            }

            Bytes = header;
            EntryCount = entries;
            PolicyBox = header.Slice(boxAt + 2, boxSize);
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public int EntryCount { get; }

        public ReadOnlySpan<byte> PolicyBox { get; }

        public ReadOnlySpan<byte> AuthorityId => Bytes.Slice(1, AuthorityIdSize);

        public uint Epoch => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(1 + AuthorityIdSize)..]);

        public ReadOnlySpan<byte> Nonce => Bytes.Slice(1 + AuthorityIdSize + 4, NonceSize);

        public ReadOnlySpan<byte> RecordId => Bytes.Slice(1 + AuthorityIdSize + 4 + NonceSize, RecordIdSize);

        public ReadOnlySpan<byte> Entry(int i) => Bytes.Slice(EntriesOffset + (i * EntrySize), EntrySize);

        public ReadOnlySpan<byte> Authenticated => Bytes[..^TagSize];

        public ReadOnlySpan<byte> Tag => Bytes[^TagSize..];
    }
}
