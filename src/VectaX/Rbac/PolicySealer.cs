using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>
/// Seals records under one policy at one epoch: one access class. Its class header is built once (the class secret
/// wrapped under the atomic key of every combination the policy admits), so sealing a record costs one AES-GCM to
/// wrap a fresh data key and one to seal the blob; with similarity parameters it also holds the class's similarity
/// cipher, which encrypts the records' searchable vectors. Thread-safe.
/// </summary>
public sealed class PolicySealer : IDisposable
{
    private readonly byte[] _classHeader;
    private readonly VectorCipher? _cipher;

    internal PolicySealer(RbacAuthority authority, AttributeSet policy, uint epoch, SimilarityParameters? similarity)
    {
        Policy = policy;
        Epoch = epoch;
        byte[] secret = authority.ClassSecret(epoch, policy);
        try
        {
            Class = new AccessClass(authority.IdBytes, epoch, secret, similarity);
            _classHeader = BuildClassHeader(authority, policy, epoch, similarity, secret, Class);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        if (similarity is not null)
        {
            using VectaXKey key = Class.CreateSimilarityKey();
            _cipher = new VectorCipher(key);
        }
    }

    /// <summary>The policy records are sealed under.</summary>
    public AttributeSet Policy { get; }

    /// <summary>The epoch the headers are sealed at.</summary>
    public uint Epoch { get; }

    /// <summary>The access class the records belong to (its tag, its similarity key).</summary>
    public AccessClass Class { get; }

    /// <summary>The class header every record of this sealer starts with; a store may keep one copy per class.</summary>
    public ReadOnlySpan<byte> ClassHeaderBytes => _classHeader;

    /// <summary>The class's similarity cipher: the searchable vectors of its records are encrypted under it.</summary>
    public VectorCipher SimilarityCipher => _cipher ?? throw new InvalidOperationException("This sealer was created without similarity parameters.");

    /// <summary>Seals the exact vector (unless <paramref name="includeVector"/> is false) and the payload, bound to <paramref name="context"/> (e.g. the collection and point id).</summary>
    public SealedRecord Seal(ReadOnlySpan<float> vector, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> context = default, bool includeVector = true)
    {
        if (includeVector && (vector.IsEmpty || !KernelDispatch.Default.AllFinite(vector)))
        {
            Throw.InvalidVector("The vector to seal is empty or holds NaN or infinity.");
        }

        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        Span<byte> recordId = stackalloc byte[RecordHeader.RecordIdSize];
        Span<byte> gcmKey = stackalloc byte[32];
        RandomNumberGenerator.Fill(dataKey);
        SecretRandom.Fill(recordId);
        try
        {
            byte[] header = BuildHeader(dataKey, recordId, context);
            RecordCrypto.BlobKey(dataKey, gcmKey);
            byte[] sealedBlob = RecordCrypto.Seal(gcmKey, recordId, context, vector, includeVector, payload);
            return new SealedRecord(header, sealedBlob, Class.Tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(gcmKey);
        }
    }

    /// <summary>Zeroes the class keys and the similarity cipher.</summary>
    public void Dispose()
    {
        Class.Dispose();
        _cipher?.Dispose();
    }

    /// <summary>The class header followed by a record part wrapping <paramref name="dataKey"/> for this record id and context.</summary>
    internal byte[] BuildHeader(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context)
    {
        byte[] header = new byte[_classHeader.Length + RecordHeader.RecordPartSize];
        _classHeader.CopyTo(header, 0);
        Class.WrapDataKey(_classHeader, recordId, context, dataKey, header.AsSpan(_classHeader.Length));
        return header;
    }

    private static byte[] BuildClassHeader(RbacAuthority authority, AttributeSet policy, uint epoch, SimilarityParameters? similarity, ReadOnlySpan<byte> secret, AccessClass accessClass)
    {
        List<byte[]> combos = Combinations.OfPolicy(policy);
        int entries = ClassHeader.PaddedEntries(combos.Count);
        var prefix = new byte[ClassHeader.EntriesOffset];
        prefix[0] = ClassHeader.Version;
        authority.IdBytes.CopyTo(prefix.AsSpan(1));
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(1 + ClassHeader.AuthorityIdSize), epoch);
        SecretRandom.Fill(prefix.AsSpan(ClassHeader.NonceOffset, ClassHeader.NonceSize));
        SimilarityParameters.Write(similarity, prefix.AsSpan(ClassHeader.SimilarityOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(ClassHeader.EntriesOffset - 2), (ushort)entries);
        byte[] box = authority.SealPolicyBox(policy, prefix);

        byte[] header = new byte[ClassHeader.Size(entries, box.Length)];
        Span<byte> h = header;
        prefix.CopyTo(h);
        ReadOnlySpan<byte> nonce = h.Slice(ClassHeader.NonceOffset, ClassHeader.NonceSize);

        // Random bytes everywhere, then the real entries at shuffled slots: dummies look like entries.
        Span<byte> slots = h.Slice(ClassHeader.EntriesOffset, entries * ClassHeader.EntrySize);
        SecretRandom.Fill(slots);
        Span<int> order = stackalloc int[entries];
        Shuffle(order);
        Span<byte> keystream = stackalloc byte[RecordCrypto.KeystreamSize];
        for (int i = 0; i < combos.Count; i++)
        {
            byte[] atomicSecret = authority.AtomicSecret(epoch, combos[i]);
            using (var atomic = new AesCtr(atomicSecret))
            {
                RecordCrypto.EntryKeystream(atomic, nonce, keystream);
            }

            CryptographicOperations.ZeroMemory(atomicSecret);
            Span<byte> entry = slots.Slice(order[i] * ClassHeader.EntrySize, ClassHeader.EntrySize);
            RecordCrypto.Label(keystream).CopyTo(entry);
            ReadOnlySpan<byte> mask = RecordCrypto.Mask(keystream);
            for (int b = 0; b < ClassHeader.SecretSize; b++)
            {
                entry[ClassHeader.LabelSize + b] = (byte)(secret[b] ^ mask[b]);
            }
        }

        CryptographicOperations.ZeroMemory(keystream);
        int boxAt = ClassHeader.EntriesOffset + (entries * ClassHeader.EntrySize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[boxAt..], (ushort)box.Length);
        box.CopyTo(h[(boxAt + 2)..]);
        accessClass.Authenticate(h);
        return header;
    }

    /// <summary>Finds the entry whose label this atomic key produces and unwraps the class secret; false when none does.</summary>
    internal static bool TryUnwrap(AesCtr atomic, ClassHeader.View view, Span<byte> secret)
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
                    for (int b = 0; b < ClassHeader.SecretSize; b++)
                    {
                        secret[b] = (byte)(entry[ClassHeader.LabelSize + b] ^ mask[b]);
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
