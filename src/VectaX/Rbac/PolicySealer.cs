using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>
/// Seals records under one policy at one epoch. It holds the expanded atomic keys of the combinations the policy
/// admits and their access tags, so sealing a record costs a few AES blocks per entry, one HMAC and one AES-GCM.
/// Thread-safe.
/// </summary>
public sealed class PolicySealer : IDisposable
{
    private readonly RbacAuthority _authority;
    private readonly AesCtr[] _atomic;
    private readonly int _entries;

    internal PolicySealer(RbacAuthority authority, AttributeSet policy, uint epoch)
    {
        _authority = authority;
        Policy = policy;
        Epoch = epoch;
        List<byte[]> combos = Combinations.OfPolicy(policy);
        _atomic = new AesCtr[combos.Count];
        var tags = new string[combos.Count];
        for (int i = 0; i < combos.Count; i++)
        {
            byte[] secret = authority.AtomicSecret(epoch, combos[i]);
            _atomic[i] = new AesCtr(secret);
            CryptographicOperations.ZeroMemory(secret);
            tags[i] = Convert.ToBase64String(authority.AccessTag(epoch, combos[i]));
        }

        AccessTags = tags;
        _entries = RecordHeader.PaddedEntries(combos.Count);
    }

    /// <summary>The policy records are sealed under.</summary>
    public AttributeSet Policy { get; }

    /// <summary>The epoch the headers are sealed at.</summary>
    public uint Epoch { get; }

    /// <summary>The blinded tags of the combinations the policy admits (base64).</summary>
    public IReadOnlyList<string> AccessTags { get; }

    /// <summary>Seals the exact vector (unless <paramref name="includeVector"/> is false) and the payload, bound to <paramref name="context"/> (e.g. the point id).</summary>
    public SealedRecord Seal(ReadOnlySpan<float> vector, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> context = default, bool includeVector = true)
    {
        if (includeVector && (vector.IsEmpty || !KernelDispatch.Default.AllFinite(vector)))
        {
            Throw.InvalidVector("The vector to seal is empty or holds NaN or infinity.");
        }

        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        Span<byte> recordId = stackalloc byte[RecordHeader.RecordIdSize];
        Span<byte> gcmKey = stackalloc byte[32];
        Span<byte> macKey = stackalloc byte[32];
        RandomNumberGenerator.Fill(dataKey);
        SecretRandom.Fill(recordId);
        try
        {
            byte[] header = BuildHeader(dataKey, recordId);
            RecordCrypto.SplitDataKey(dataKey, gcmKey, macKey);
            byte[] sealedBlob = RecordCrypto.Seal(gcmKey, recordId, context, vector, includeVector, payload);
            return new SealedRecord(header, sealedBlob, AccessTags);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(gcmKey);
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    /// <summary>Zeroes the atomic keys.</summary>
    public void Dispose()
    {
        foreach (AesCtr a in _atomic)
        {
            a.Dispose();
        }
    }

    internal byte[] BuildHeader(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> recordId)
    {
        byte[] box = _authority.SealPolicyBox(Policy);
        byte[] header = new byte[RecordHeader.Size(_entries, box.Length)];
        Span<byte> h = header;
        h[0] = RecordHeader.Version;
        _authority.IdBytes.CopyTo(h[1..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(1 + RecordHeader.AuthorityIdSize)..], Epoch);
        Span<byte> nonce = h.Slice(1 + RecordHeader.AuthorityIdSize + 4, RecordHeader.NonceSize);
        SecretRandom.Fill(nonce);
        recordId.CopyTo(h[(1 + RecordHeader.AuthorityIdSize + 4 + RecordHeader.NonceSize)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(RecordHeader.EntriesOffset - 2)..], (ushort)_entries);

        // Random bytes everywhere, then the real entries at shuffled slots: dummies look like entries.
        Span<byte> entries = h.Slice(RecordHeader.EntriesOffset, _entries * RecordHeader.EntrySize);
        SecretRandom.Fill(entries);
        Span<int> slots = stackalloc int[_entries];
        Shuffle(slots);
        Span<byte> keystream = stackalloc byte[RecordCrypto.KeystreamSize];
        for (int i = 0; i < _atomic.Length; i++)
        {
            Span<byte> entry = entries.Slice(slots[i] * RecordHeader.EntrySize, RecordHeader.EntrySize);
            RecordCrypto.EntryKeystream(_atomic[i], nonce, keystream);
            RecordCrypto.Label(keystream).CopyTo(entry);
            ReadOnlySpan<byte> mask = RecordCrypto.Mask(keystream);
            for (int b = 0; b < RecordHeader.DataKeySize; b++)
            {
                entry[RecordHeader.LabelSize + b] = (byte)(dataKey[b] ^ mask[b]);
            }
        }

        CryptographicOperations.ZeroMemory(keystream);
        int boxAt = RecordHeader.EntriesOffset + (_entries * RecordHeader.EntrySize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[boxAt..], (ushort)box.Length);
        box.CopyTo(h[(boxAt + 2)..]);

        Span<byte> gcmKey = stackalloc byte[32];
        Span<byte> macKey = stackalloc byte[32];
        RecordCrypto.SplitDataKey(dataKey, gcmKey, macKey);
        RecordCrypto.HeaderTag(macKey, h[..^RecordHeader.TagSize], h[^RecordHeader.TagSize..]);
        CryptographicOperations.ZeroMemory(gcmKey);
        CryptographicOperations.ZeroMemory(macKey);
        return header;
    }

    /// <summary>Finds the entry whose label this atomic key produces and unwraps the data key; false when none does.</summary>
    internal static bool TryUnwrap(AesCtr atomic, RecordHeader.View view, Span<byte> dataKey)
    {
        Span<byte> keystream = stackalloc byte[RecordCrypto.KeystreamSize];
        RecordCrypto.EntryKeystream(atomic, view.Nonce, keystream);
        try
        {
            // Labels are pseudorandom per header and say nothing but which shuffled slot matched, so a plain 8-byte
            // compare is safe here and much cheaper than a constant-time one per entry and key.
            ulong label = BinaryPrimitives.ReadUInt64LittleEndian(RecordCrypto.Label(keystream));
            for (int e = 0; e < view.EntryCount; e++)
            {
                ReadOnlySpan<byte> entry = view.Entry(e);
                if (BinaryPrimitives.ReadUInt64LittleEndian(entry) == label)
                {
                    ReadOnlySpan<byte> mask = RecordCrypto.Mask(keystream);
                    for (int b = 0; b < RecordHeader.DataKeySize; b++)
                    {
                        dataKey[b] = (byte)(entry[RecordHeader.LabelSize + b] ^ mask[b]);
                    }

                    return true;
                }
            }

            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
        }
    }

    /// <summary>A uniformly random permutation of the slots (Fisher-Yates with rejection sampling).</summary>
    private static void Shuffle(Span<int> slots)
    {
        Span<byte> words = stackalloc byte[4 * slots.Length];
        SecretRandom.Fill(words);
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = i;
        }

        for (int i = slots.Length - 1; i > 0; i--)
        {
            uint bound = (uint)(i + 1), limit = uint.MaxValue - (uint.MaxValue % bound);
            uint r = BinaryPrimitives.ReadUInt32LittleEndian(words[(4 * i)..]);
            while (r >= limit)
            {
                SecretRandom.Fill(words.Slice(4 * i, 4));
                r = BinaryPrimitives.ReadUInt32LittleEndian(words[(4 * i)..]);
            }

            int j = (int)(r % bound);
            (slots[i], slots[j]) = (slots[j], slots[i]);
        }
    }
}
