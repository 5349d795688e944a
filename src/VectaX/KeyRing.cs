namespace VectaX;

/// <summary>
/// Several keys by id, one of them active: new vectors are encrypted under the active key, decryption picks
/// the key named in each ciphertext's metadata, and queries are encrypted under every key, as a rotation in
/// progress needs. Immutable and thread-safe. The ring derives its own ciphers: the keys stay the caller's (they may be
/// disposed once the ring is built), and disposing the ring disposes its ciphers only.
/// </summary>
public sealed class KeyRing : IDisposable
{
    private readonly Dictionary<uint, VectorCipher> _ciphers = [];

    /// <summary>A ring of one key, which is also the active one: the usual case outside a rotation.</summary>
    public KeyRing(VectaXKey key, Kernels.KernelSet? kernels = null)
        : this([key ?? throw new ArgumentNullException(nameof(key))], key.KeyId, kernels)
    {
    }

    /// <summary>Builds a cipher for every key; <paramref name="activeKeyId"/> must be one of them.</summary>
    public KeyRing(IEnumerable<VectaXKey> keys, uint activeKeyId, Kernels.KernelSet? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (VectaXKey key in keys)
        {
            if (_ciphers.ContainsKey(key.KeyId))
            {
                Dispose();
                throw new ArgumentException($"Key id {key.KeyId} appears twice.", nameof(keys));
            }

            _ciphers.Add(key.KeyId, new VectorCipher(key, kernels));
        }

        if (!_ciphers.TryGetValue(activeKeyId, out VectorCipher? active))
        {
            Dispose();
            throw new ArgumentException($"The active key id {activeKeyId} is not in the ring.", nameof(activeKeyId));
        }

        if (_ciphers.Values.Any(c => c.Dimension != active.Dimension))
        {
            Dispose();
            throw new ArgumentException("Every key in a ring must have the same dimension.", nameof(keys));
        }

        Active = active;
    }

    /// <summary>The cipher new vectors are encrypted with.</summary>
    public VectorCipher Active { get; }

    /// <summary>The key ids held.</summary>
    public IReadOnlyCollection<uint> KeyIds => _ciphers.Keys;

    /// <summary>The cipher for <paramref name="keyId"/>; throws <see cref="UnknownKeyException"/> if absent.</summary>
    public VectorCipher this[uint keyId] => _ciphers.TryGetValue(keyId, out VectorCipher? c) ? c : throw new UnknownKeyException(keyId);

    /// <summary>Encrypts under the active key, the tag covering <paramref name="associatedData"/>.</summary>
    public EncryptedVector Encrypt(ReadOnlySpan<float> plaintext, ReadOnlySpan<byte> associatedData = default) => Active.Encrypt(plaintext, associatedData);

    /// <summary>Decrypts with the key the metadata names, checking the tag against <paramref name="associatedData"/>.</summary>
    public void Decrypt(ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> metadata, Span<float> plaintext, ReadOnlySpan<byte> associatedData = default) =>
        this[EncryptedVectorFormat.ReadKeyId(metadata)].Decrypt(ciphertext, metadata, plaintext, associatedData);

    /// <summary>Decrypts into a new array with the key the metadata names.</summary>
    public float[] Decrypt(EncryptedVector encrypted, ReadOnlySpan<byte> associatedData = default)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        return this[encrypted.KeyId].Decrypt(encrypted, associatedData);
    }

    /// <summary>True when the metadata names a held key and the tag matches the ciphertext and <paramref name="associatedData"/>.</summary>
    public bool Verify(ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> associatedData = default) =>
        _ciphers.TryGetValue(EncryptedVectorFormat.ReadKeyId(metadata), out VectorCipher? c) && c.Verify(ciphertext, metadata, associatedData);

    /// <summary>The query encrypted under every held key, active first: search each key's vectors with its own query.</summary>
    public IReadOnlyList<(uint KeyId, float[] Query)> EncryptQueryForEachKey(ReadOnlySpan<float> query)
    {
        var result = new List<(uint, float[])>(_ciphers.Count) { (Active.KeyId, Active.EncryptQuery(query)) };
        foreach (VectorCipher c in _ciphers.Values)
        {
            if (c != Active)
            {
                result.Add((c.KeyId, c.EncryptQuery(query)));
            }
        }

        return result;
    }

    /// <summary>Disposes every cipher.</summary>
    public void Dispose()
    {
        foreach (VectorCipher c in _ciphers.Values)
        {
            c.Dispose();
        }
    }
}
