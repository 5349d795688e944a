using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>
/// Seals records under one policy at one epoch: one access class. Its class header is built once (the class secret
/// wrapped under the atomic key of every combination the policy admits) and is the same bytes whichever process
/// builds it, so a store keeps one copy per class and epoch. The sealer draws a data key, wraps it under the class once,
/// and seals its records' blobs under it with a fresh random nonce each, rotating to a new key after
/// <see cref="RecordsPerDataKey"/> records; each record gets a 105-byte header carrying the wrapped key and its own
/// record id. With similarity parameters the sealer also holds the class's similarity cipher, which encrypts the
/// records' searchable vectors. Thread-safe.
/// </summary>
public sealed class PolicySealer : IDisposable
{
    /// <summary>
    /// Records sealed under one data key before the next is drawn: 2^20. Nonces are random 96-bit values, and NIST SP
    /// 800-38D (8.3) allows at most 2^32 of them under one key; at 2^20 the chance that two records of one key share a
    /// nonce is below 2^-57 (n^2 / 2^97), and a data key that leaks exposes at most this many records.
    /// </summary>
    public const long DefaultRecordsPerDataKey = 1L << 20;

    private const int RewrapCapacity = 4096;

    private readonly byte[] _classHeader;
    private readonly VectorCipher? _cipher;
    private readonly Lock _rotation = new();
    private readonly ConcurrentDictionary<string, byte[]> _rewrapped = new(StringComparer.Ordinal);
    private DataKey _dataKey;
    private volatile bool _disposed;

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

        _dataKey = Class.NewDataKey();
    }

    /// <summary>Records sealed under one data key before the sealer rotates to a fresh one (tests lower it).</summary>
    internal long RecordsPerDataKey { get; init; } = DefaultRecordsPerDataKey;

    /// <summary>Whether the data key the sealer would seal under next is still usable (tests read it: false once disposed).</summary>
    internal bool HoldsLiveDataKey => !Volatile.Read(ref _dataKey).Retired;

    /// <summary>The policy records are sealed under.</summary>
    public AttributeSet Policy { get; }

    /// <summary>The epoch the headers are sealed at.</summary>
    public uint Epoch { get; }

    /// <summary>The access class the records belong to (its tag, its similarity key).</summary>
    public AccessClass Class { get; }

    /// <summary>The class header (core, then the entry table): store it once per class, beside the records.</summary>
    public ReadOnlyMemory<byte> ClassHeader => _classHeader;

    /// <summary>The class's similarity cipher: the searchable vectors of its records are encrypted under it.</summary>
    public VectorCipher SimilarityCipher => _cipher ?? throw new InvalidOperationException("This sealer was created without similarity parameters.");

    /// <summary>Seals the exact vector (unless <paramref name="includeVector"/> is false) and the payload, bound to <paramref name="context"/> (e.g. the collection and point id).</summary>
    public SealedRecord Seal(ReadOnlySpan<float> vector, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> context = default, bool includeVector = true)
    {
        if (includeVector && (vector.IsEmpty || !KernelDispatch.Default.AllFinite(vector)))
        {
            Throw.InvalidVector("The vector to seal is empty or holds NaN or infinity.");
        }

        byte[] header = new byte[RecordHeader.Size];
        Span<byte> recordId = stackalloc byte[RecordHeader.RecordIdSize];
        SecretRandom.Fill(recordId);
        while (true)
        {
            DataKey key = Volatile.Read(ref _dataKey);
            if (key.CountUse() > RecordsPerDataKey)
            {
                Rotate(key);
                continue;
            }

            if (key.Rent() is not { } gcm)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                continue; // rotated away meanwhile
            }

            try
            {
                Class.WriteHeader(recordId, key.Wrapped, header);
                byte[] sealedBlob = RecordCrypto.Seal(gcm, header, context, vector, includeVector, payload);
                return new SealedRecord(header, sealedBlob, Class.Tag, _classHeader);
            }
            finally
            {
                key.Return(gcm);
            }
        }
    }

    /// <summary>Zeroes the data key, the class keys and the similarity cipher.</summary>
    public void Dispose()
    {
        lock (_rotation)
        {
            _disposed = true;
            _dataKey.Retire();
        }

        Class.Dispose();
        _cipher?.Dispose();
    }

    /// <summary>
    /// A record header of this class for <paramref name="dataKey"/> (a record's key at an older epoch of the policy,
    /// whose wrapped form there was <paramref name="oldWrapped"/>) and <paramref name="recordId"/>: the lazy re-wrap.
    /// Each old wrapped key is re-wrapped once and the result reused, so the records of one old key still share one
    /// wrapped key (one unwrap per key for a reader); the memo holds public bytes only and is emptied past 4,096 keys.
    /// </summary>
    internal byte[] RewrapHeader(uint oldEpoch, ReadOnlySpan<byte> oldWrapped, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> recordId)
    {
        string memo = $"{oldEpoch}:{Convert.ToBase64String(oldWrapped)}";
        if (!_rewrapped.TryGetValue(memo, out byte[]? wrapped))
        {
            DataKey fresh = Class.Wrap(dataKey);
            wrapped = fresh.Wrapped.ToArray();
            fresh.Retire();
            if (_rewrapped.Count >= RewrapCapacity)
            {
                _rewrapped.Clear();
            }

            wrapped = _rewrapped.GetOrAdd(memo, wrapped);
        }

        byte[] header = new byte[RecordHeader.Size];
        Class.WriteHeader(recordId, wrapped, header);
        return header;
    }

    private void Rotate(DataKey spent)
    {
        lock (_rotation)
        {
            // Under the lock: a Dispose that retired the key must not see a fresh one drawn after it, left unzeroed.
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (ReferenceEquals(_dataKey, spent))
            {
                Volatile.Write(ref _dataKey, Class.NewDataKey());
                spent.Retire();
            }
        }
    }

    private static byte[] BuildClassHeader(RbacAuthority authority, AttributeSet policy, uint epoch, SimilarityParameters? similarity, ReadOnlySpan<byte> secret, AccessClass accessClass)
    {
        List<byte[]> combos = Combinations.OfPolicy(policy);
        int entries = ClassHeaderLayout.PaddedEntries(combos.Count);

        // Nonces and dummies come from an authority-only seed of (epoch, policy, similarity): the same class always
        // gets the same header, so writers in several processes register identical bytes.
        byte[] seed = authority.HeaderSeed(epoch, policy, similarity);
        using var stream = new AesCtr(seed);
        CryptographicOperations.ZeroMemory(seed);
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        Span<byte> nonces = stackalloc byte[2 * AesCtr.BlockSize]; // class nonce, then the policy box nonce
        stream.Generate(counter, nonces);

        byte[] prefix = new byte[ClassHeaderLayout.BoxLengthOffset];
        prefix[0] = ClassHeaderLayout.Version;
        authority.IdBytes.CopyTo(prefix.AsSpan(1));
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(ClassHeaderLayout.EpochOffset), epoch);
        nonces[..ClassHeaderLayout.NonceSize].CopyTo(prefix.AsSpan(ClassHeaderLayout.NonceOffset));
        SimilarityParameters.Write(similarity, prefix.AsSpan(ClassHeaderLayout.SimilarityOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(ClassHeaderLayout.CountOffset), (uint)entries);
        byte[] box = authority.SealPolicyBox(policy, prefix, nonces.Slice(ClassHeaderLayout.NonceSize, RecordCrypto.GcmNonceSize));

        int coreSize = ClassHeaderLayout.CoreSize(box.Length);
        byte[] header = new byte[coreSize + (entries * ClassHeaderLayout.EntrySize)];
        Span<byte> core = header.AsSpan(0, coreSize);
        prefix.CopyTo(core);
        BinaryPrimitives.WriteUInt16LittleEndian(core[ClassHeaderLayout.BoxLengthOffset..], (ushort)box.Length);
        box.CopyTo(core[ClassHeaderLayout.BoxOffset..]);
        accessClass.Authenticate(core);

        // Every slot first as a dummy (random label and secret), the real entries in the first slots, then all
        // sorted by label: a user finds its entry by binary search, and the order says nothing the labels do not.
        byte[] unsorted = new byte[entries * ClassHeaderLayout.EntrySize];
        counter[0] = 1;
        stream.Generate(counter, unsorted);
        ReadOnlySpan<byte> nonce = core.Slice(ClassHeaderLayout.NonceOffset, ClassHeaderLayout.NonceSize);
        Span<byte> keystream = stackalloc byte[RecordCrypto.KeystreamSize];
        Span<byte> atomicSecret = stackalloc byte[32];
        for (int i = 0; i < combos.Count; i++)
        {
            authority.AtomicSecret(epoch, combos[i], atomicSecret);
            using (var atomic = new AesCtr(atomicSecret))
            {
                RecordCrypto.EntryKeystream(atomic, nonce, keystream);
            }

            Span<byte> entry = unsorted.AsSpan(i * ClassHeaderLayout.EntrySize, ClassHeaderLayout.EntrySize);
            RecordCrypto.Label(keystream).CopyTo(entry);
            ReadOnlySpan<byte> mask = RecordCrypto.Mask(keystream);
            for (int b = 0; b < ClassHeaderLayout.SecretSize; b++)
            {
                entry[ClassHeaderLayout.LabelSize + b] = (byte)(secret[b] ^ mask[b]);
            }
        }

        CryptographicOperations.ZeroMemory(keystream);
        CryptographicOperations.ZeroMemory(atomicSecret);
        ulong[] labels = new ulong[entries];
        int[] order = new int[entries];
        for (int i = 0; i < entries; i++)
        {
            labels[i] = BinaryPrimitives.ReadUInt64BigEndian(unsorted.AsSpan(i * ClassHeaderLayout.EntrySize));
            order[i] = i;
        }

        Array.Sort(labels, order);
        Span<byte> table = header.AsSpan(coreSize);
        for (int i = 0; i < entries; i++)
        {
            unsorted.AsSpan(order[i] * ClassHeaderLayout.EntrySize, ClassHeaderLayout.EntrySize).CopyTo(table[(i * ClassHeaderLayout.EntrySize)..]);
        }

        CryptographicOperations.ZeroMemory(unsorted);
        return header;
    }
}
