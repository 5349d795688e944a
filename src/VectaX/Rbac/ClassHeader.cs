using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// The class part of a record header, shared by every record of one access class (one policy at one epoch):
/// version(1) | authority id(8) | epoch(4) | class nonce(16) | similarity parameters(13: transform 1, dimension 4,
/// scale 4, beta 4; dimension 0 when the class has no similarity key) | entry count(2) | entries(count x 40: label 8,
/// wrapped class secret 32) | policy box length(2) | policy box | class MAC(16). An entry's label and mask are
/// AES-256-CTR under one admitted combination's atomic key from the class nonce; dummies pad the count to a power of
/// two and all entries are shuffled. The policy box (AES-GCM under an authority-only key, bound to everything before
/// the entries, its text padded to a few sizes) lets the authority re-wrap; the class MAC (HMAC-SHA256 under a key
/// from the class secret) covers every other byte.
/// </summary>
internal static class ClassHeader
{
    public const byte Version = 2;
    public const int AuthorityIdSize = 8;
    public const int NonceSize = 16;
    public const int SimilaritySize = 13;
    public const int LabelSize = 8;
    public const int SecretSize = 32;
    public const int EntrySize = LabelSize + SecretSize;
    public const int MacSize = 16;
    public const int NonceOffset = 1 + AuthorityIdSize + 4;
    public const int SimilarityOffset = NonceOffset + NonceSize;
    public const int EntriesOffset = SimilarityOffset + SimilaritySize + 2;
    public const int MinEntries = 4;

    public static int PaddedEntries(int combinations) => Math.Max(MinEntries, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)combinations));

    public static int Size(int entries, int policyBoxSize) => EntriesOffset + (entries * EntrySize) + 2 + policyBoxSize + MacSize;

    /// <summary>The class part's length at the start of <paramref name="bytes"/>; throws <see cref="MalformedDataException"/> on a structurally invalid one.</summary>
    public static int LengthAt(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < EntriesOffset + 2 + MacSize)
        {
            Throw.Malformed("The RBAC header is truncated.");
        }

        if (bytes[0] != Version)
        {
            Throw.Malformed(bytes[0] < Version
                ? $"RBAC header version {bytes[0]} is no longer read: it did not bind the header to its record. Re-seal the record with this version (see docs/SECURITY.md)."
                : $"Unsupported RBAC header version {bytes[0]}.");
        }

        int entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(EntriesOffset - 2)..]);
        int boxAt = EntriesOffset + (entries * EntrySize);
        if (entries < MinEntries || bytes.Length < boxAt + 2 + MacSize)
        {
            Throw.Malformed("The RBAC header is truncated or its entry count is invalid.");
        }

        int boxSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[boxAt..]);
        if (bytes.Length < boxAt + 2 + boxSize + MacSize)
        {
            Throw.Malformed("The RBAC header is truncated.");
        }

        return boxAt + 2 + boxSize + MacSize;
    }

    /// <summary>A parsed class part (exactly the bytes given).</summary>
    public readonly ref struct View
    {
        public View(ReadOnlySpan<byte> bytes)
        {
            if (LengthAt(bytes) != bytes.Length)
            {
                Throw.Malformed("The RBAC class header length does not match its contents.");
            }

            Bytes = bytes;
            EntryCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(EntriesOffset - 2)..]);
            int boxAt = EntriesOffset + (EntryCount * EntrySize);
            PolicyBox = bytes.Slice(boxAt + 2, BinaryPrimitives.ReadUInt16LittleEndian(bytes[boxAt..]));
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public int EntryCount { get; }

        public ReadOnlySpan<byte> PolicyBox { get; }

        public ReadOnlySpan<byte> AuthorityId => Bytes.Slice(1, AuthorityIdSize);

        public uint Epoch => BinaryPrimitives.ReadUInt32LittleEndian(Bytes[(1 + AuthorityIdSize)..]);

        public ReadOnlySpan<byte> Nonce => Bytes.Slice(NonceOffset, NonceSize);

        /// <summary>Everything before the entries: what the policy box is bound to.</summary>
        public ReadOnlySpan<byte> Prefix => Bytes[..EntriesOffset];

        public SimilarityParameters? Similarity => SimilarityParameters.Read(Bytes.Slice(SimilarityOffset, SimilaritySize));

        public ReadOnlySpan<byte> Entry(int i) => Bytes.Slice(EntriesOffset + (i * EntrySize), EntrySize);

        public ReadOnlySpan<byte> Authenticated => Bytes[..^MacSize];

        public ReadOnlySpan<byte> Mac => Bytes[^MacSize..];
    }
}
