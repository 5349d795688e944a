using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// An access class's header (version 3), stored once per class and epoch: the core, version(1) | authority id(8) |
/// epoch(4) | class nonce(16) | similarity parameters(13: transform 1, dimension 4, scale 4, beta 4; dimension 0 when
/// the class has no similarity key) | entry count(4) | policy box length(2) | policy box | class MAC(16), then the
/// entry table, count x 40 bytes (label 8, wrapped class secret 32), sorted by label. An entry's label and mask are
/// AES-256-CTR under one admitted combination's atomic key from the class nonce, so a user finds the one entry its key
/// opens by binary search instead of trying them all; dummies with random labels pad the count to a power of two. The
/// policy box (AES-GCM under an authority-only key, bound to everything before it) lets the authority re-wrap; the
/// class MAC (HMAC-SHA256 under a key from the class secret) covers the core. The entries are not under the MAC: an
/// altered entry yields a wrong secret, which the MAC check of the core then refuses.
/// </summary>
internal static class ClassHeaderLayout
{
    public const byte Version = 3;
    public const int AuthorityIdSize = 8;
    public const int NonceSize = 16;
    public const int SimilaritySize = 13;
    public const int LabelSize = 8;
    public const int SecretSize = 32;
    public const int EntrySize = LabelSize + SecretSize;
    public const int MacSize = 16;
    public const int EpochOffset = 1 + AuthorityIdSize;
    public const int NonceOffset = EpochOffset + 4;
    public const int SimilarityOffset = NonceOffset + NonceSize;
    public const int CountOffset = SimilarityOffset + SimilaritySize;
    public const int BoxLengthOffset = CountOffset + 4;
    public const int BoxOffset = BoxLengthOffset + 2;
    public const int MinEntries = 4;

    public static int PaddedEntries(int combinations) => Math.Max(MinEntries, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)combinations));

    public static int CoreSize(int policyBoxSize) => BoxOffset + policyBoxSize + MacSize;

    /// <summary>The core's length at the start of <paramref name="bytes"/> (a core alone or a whole header); <see cref="MalformedDataException"/> on a structurally invalid one.</summary>
    public static int CoreLengthAt(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < BoxOffset + MacSize)
        {
            Throw.Malformed("The RBAC class header is truncated.");
        }

        if (bytes[0] != Version)
        {
            Throw.Malformed(bytes[0] < Version
                ? $"RBAC class header version {bytes[0]} is no longer read: records carried a copy of their class header then. Re-seal the records with this version (see docs/SECURITY.md)."
                : $"Unsupported RBAC class header version {bytes[0]}.");
        }

        int boxSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[BoxLengthOffset..]);
        if (bytes.Length < BoxOffset + boxSize + MacSize)
        {
            Throw.Malformed("The RBAC class header is truncated.");
        }

        return BoxOffset + boxSize + MacSize;
    }

    /// <summary>The entry count a core declares; <see cref="MalformedDataException"/> when it is not a power of two from 4 to the policy limit.</summary>
    public static int EntryCountOf(ReadOnlySpan<byte> core)
    {
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(core[CountOffset..]);
        if (count < MinEntries || count > Combinations.MaxPolicyEntries || !System.Numerics.BitOperations.IsPow2(count))
        {
            Throw.Malformed("The RBAC class header's entry count is invalid.");
        }

        return (int)count;
    }

    /// <summary>A parsed class header: the core alone (entries absent, as the authority needs) or the core and every entry.</summary>
    public readonly ref struct View
    {
        public View(ReadOnlySpan<byte> bytes, bool needEntries)
        {
            int coreLength = CoreLengthAt(bytes);
            Core = bytes[..coreLength];
            EntryCount = EntryCountOf(Core);
            Entries = bytes[coreLength..];
            if (Entries.Length != (needEntries || !Entries.IsEmpty ? (long)EntryCount * EntrySize : 0))
            {
                Throw.Malformed("The RBAC class header's length does not match its entry count.");
            }
        }

        /// <summary>Everything but the entries: what the class MAC covers and a cache is keyed on.</summary>
        public ReadOnlySpan<byte> Core { get; }

        public ReadOnlySpan<byte> Entries { get; }

        public int EntryCount { get; }

        public ReadOnlySpan<byte> AuthorityId => Core.Slice(1, AuthorityIdSize);

        public uint Epoch => BinaryPrimitives.ReadUInt32LittleEndian(Core[EpochOffset..]);

        public ReadOnlySpan<byte> Nonce => Core.Slice(NonceOffset, NonceSize);

        /// <summary>Everything before the policy box: what the box is bound to.</summary>
        public ReadOnlySpan<byte> Prefix => Core[..BoxLengthOffset];

        public ReadOnlySpan<byte> PolicyBox => Core[BoxOffset..^MacSize];

        public SimilarityParameters? Similarity => SimilarityParameters.Read(Core.Slice(SimilarityOffset, SimilaritySize));

        public ReadOnlySpan<byte> Authenticated => Core[..^MacSize];

        public ReadOnlySpan<byte> Mac => Core[^MacSize..];

        public ReadOnlySpan<byte> Entry(int i) => Entries.Slice(i * EntrySize, EntrySize);

        /// <summary>The index of the entry with <paramref name="label"/> (labels are sorted big-endian), or -1.</summary>
        public int Find(ulong label)
        {
            // Labels are pseudorandom per class and public to whoever holds the header: the search path reveals
            // only which slot matched, as the linear scan it replaces did.
            int lo = 0, hi = EntryCount - 1;
            while (lo <= hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                ulong at = BinaryPrimitives.ReadUInt64BigEndian(Entries[(mid * EntrySize)..]);
                if (at == label)
                {
                    return mid;
                }

                if (at < label)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return -1;
        }
    }
}
