using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Similarity-preserving, authenticated vector encryption under one key: c = s*Q*v + n, with n uniform in the
/// ball of radius s*beta/4 and regenerated from the per-vector IV by the key holder, so that
/// | ||c1 - c2||/s - ||v1 - v2|| | &lt;= beta/2 (Fuchsbauer, Ghosal, Hauke, O'Neill, "Approximate
/// Distance-Comparison-Preserving Symmetric Encryption", SCN 2022, scale-and-perturb with an orthogonal map).
/// Thread-safe after construction; span overloads do not allocate.
/// </summary>
[SkipLocalsInit]
public sealed partial class VectorCipher : IBatchCipher
{
    private readonly OrthogonalTransform _transform;
    private readonly NoisePrf _noisePrf;
    private readonly VectorTag _tag;
    private readonly KernelSet _kernels;
    private readonly double _radius;
    private readonly int _encryptScratchBytes;
    private readonly int _decryptScratchBytes;
    private bool _disposed;

    /// <summary>Derives the transform, noise and tag (hash and PRF) sub-keys from <paramref name="key"/>; the key may be disposed afterwards.</summary>
    public VectorCipher(VectaXKey key, KernelSet? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _kernels = kernels ?? KernelDispatch.Default;
        KeyId = key.KeyId;
        Dimension = key.Dimension;
        Transform = key.Transform;
        Scale = key.Scale;
        Beta = key.Beta;
        _radius = (double)key.Scale * key.Beta / 4;

        Span<byte> subKey = stackalloc byte[KeySchedule.SubKeySize];
        try
        {
            KeySchedule.Derive(key.Secret, "transform", key, subKey);
            _transform = OrthogonalTransform.Create(key.Transform, key.Revision, subKey, key.Dimension);
            _encryptScratchBytes = CipherScratch.Bytes(Dimension, _transform.ScratchFloats, decrypt: false);
            _decryptScratchBytes = CipherScratch.Bytes(Dimension, _transform.ScratchFloats, decrypt: true);
            _noisePrf = new NoisePrf(key);
            Span<byte> hashKey = stackalloc byte[VectorTag.HashKeySize];
            KeySchedule.Derive(key.Secret, "tag-hash", key, hashKey);
            KeySchedule.Derive(key.Secret, "tag-prf", key, subKey);
            Span<byte> header = stackalloc byte[VectorTag.HeaderSize];
            header[0] = EncryptedVectorFormat.Version;
            KeySchedule.KeyParameterBytes(key, header[1..]);
            _tag = new VectorTag(hashKey, subKey, header);
            CryptographicOperations.ZeroMemory(hashKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subKey);
        }
    }

    /// <summary>The id of the key, written into every metadata blob.</summary>
    public uint KeyId { get; }

    /// <summary>The vector dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The transform kind.</summary>
    public TransformKind Transform { get; }

    /// <summary>The scale s.</summary>
    public float Scale { get; }

    /// <summary>The approximation factor beta.</summary>
    public float Beta { get; }

    /// <summary>Largest change of any distance, after dividing ciphertext distances by s: beta/2.</summary>
    public float DistanceBound => Beta / 2;

    /// <summary>The kernel width this cipher runs at.</summary>
    public KernelWidth Width => _kernels.Width;

    internal OrthogonalTransform TransformState => _transform;

    /// <summary>
    /// Encrypts one vector under a fresh random IV; writes d floats and <see cref="EncryptedVectorFormat.Size"/> metadata
    /// bytes. The tag covers <paramref name="associatedData"/> (e.g. a <see cref="RecordBinding"/>), which decryption must repeat.
    /// </summary>
    public void Encrypt(ReadOnlySpan<float> plaintext, Span<float> ciphertext, Span<byte> metadata, ReadOnlySpan<byte> associatedData = default)
    {
        Span<byte> iv = stackalloc byte[EncryptedVectorFormat.IvSize];
        SecretRandom.Fill(iv);
        Encrypt(plaintext, iv, ciphertext, metadata, associatedData);
    }

    /// <summary>
    /// Encrypts under a caller-chosen IV: the same key, IV, vector and associated data give the same bits. An IV must
    /// never be reused for another vector (the difference of the two ciphertexts would reveal s*Q*(v1 - v2)).
    /// </summary>
    public void Encrypt(ReadOnlySpan<float> plaintext, ReadOnlySpan<byte> iv, Span<float> ciphertext, Span<byte> metadata, ReadOnlySpan<byte> associatedData = default)
    {
        ThrowIfDisposed();
        CheckDimension(plaintext.Length);
        CheckOutput(plaintext, ciphertext);
        CheckLength(metadata.Length, EncryptedVectorFormat.Size, "metadata");
        CheckLength(iv.Length, EncryptedVectorFormat.IvSize, "IV");
        EncryptOne(plaintext, iv, ciphertext, metadata, associatedData);
    }

    /// <summary>Encrypts one vector under a fresh IV, its tag covering <paramref name="associatedData"/>.</summary>
    public EncryptedVector Encrypt(ReadOnlySpan<float> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var ciphertext = new float[Dimension];
        var metadata = new byte[EncryptedVectorFormat.Size];
        Encrypt(plaintext, ciphertext, metadata, associatedData);
        return new EncryptedVector(ciphertext, metadata);
    }

    /// <summary>Encrypts a query vector the same way (fresh noise), without metadata: search with it, nothing to decrypt.</summary>
    public void EncryptQuery(ReadOnlySpan<float> query, Span<float> destination)
    {
        ThrowIfDisposed();
        CheckDimension(query.Length);
        CheckOutput(query, destination);
        Span<byte> iv = stackalloc byte[EncryptedVectorFormat.IvSize];
        SecretRandom.Fill(iv);
        EncryptOne(query, iv, destination, default, default);
    }

    /// <summary>Encrypts a query vector into a new array.</summary>
    public float[] EncryptQuery(ReadOnlySpan<float> query)
    {
        var destination = new float[Dimension];
        EncryptQuery(query, destination);
        return destination;
    }

    /// <summary>
    /// Checks the tag against the ciphertext and <paramref name="associatedData"/>, then recovers the exact vector;
    /// throws <see cref="AuthenticationFailedException"/> on any change.
    /// </summary>
    public void Decrypt(ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> metadata, Span<float> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        ThrowIfDisposed();
        CheckDimension(ciphertext.Length);
        CheckLength(plaintext.Length, Dimension, "plaintext");
        byte[]? rented = CipherScratch.RentIfLarge(_decryptScratchBytes);
        var scratch = new CipherScratch(rented ?? stackalloc byte[_decryptScratchBytes], rented, Dimension, _transform.ScratchFloats, decrypt: true);
        try
        {
            Open(ciphertext, metadata, associatedData, scratch.Y, ref scratch, null);
            _transform.Inverse(scratch.Y, plaintext, scratch.Work, 1, _kernels);
        }
        finally
        {
            scratch.Release();
        }
    }

    /// <summary>Decrypts into a new array.</summary>
    public float[] Decrypt(EncryptedVector encrypted, ReadOnlySpan<byte> associatedData = default)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        var plaintext = new float[Dimension];
        Decrypt(encrypted.Ciphertext, encrypted.Metadata, plaintext, associatedData);
        return plaintext;
    }

    /// <summary>True when the tag matches this key and <paramref name="associatedData"/>; false for another key id or any change. Malformed metadata throws.</summary>
    public bool Verify(ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> associatedData = default)
    {
        ThrowIfDisposed();
        EncryptedVectorFormat.Validate(metadata);
        CheckDimension(ciphertext.Length);
        if (EncryptedVectorFormat.ReadKeyId(metadata) != KeyId)
        {
            return false;
        }

        return _tag.Matches(EncryptedVectorFormat.Iv(metadata), associatedData, ciphertext, EncryptedVectorFormat.Tag(metadata));
    }

    /// <summary>Zeroes the sub-keys and the transform.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _tag.Dispose();
        _noisePrf.Dispose();
        _transform.Clear();
    }

    /// <summary>The public parameters only.</summary>
    public override string ToString() => $"VectorCipher(id={KeyId}, d={Dimension}, {Transform}, beta={Beta}, {Width})";

    /// <summary>
    /// Transform, noise, and (when <paramref name="metadata"/> is not empty) tag, for one vector of the right
    /// dimension. Its finiteness is not checked up front: a NaN or infinity survives every step (sums, differences,
    /// products with nonzero finite factors), so the finiteness check of the last pass catches it (<see cref="Seal"/>).
    /// </summary>
    private void EncryptOne(ReadOnlySpan<float> plaintext, ReadOnlySpan<byte> iv, Span<float> ciphertext, Span<byte> metadata, ReadOnlySpan<byte> associatedData)
    {
        byte[]? rented = CipherScratch.RentIfLarge(_encryptScratchBytes);
        var scratch = new CipherScratch(rented ?? stackalloc byte[_encryptScratchBytes], rented, Dimension, _transform.ScratchFloats, decrypt: false);
        try
        {
            _transform.Forward(plaintext, ciphertext, scratch.Work, 1, _kernels);
            Seal(plaintext, iv, associatedData, ciphertext, metadata, ref scratch, null);
        }
        finally
        {
            scratch.Release();
        }
    }

    /// <summary>
    /// c (holding s-less Q v) becomes s*Q*v + n; with metadata, the tag is computed and written. A c that is not
    /// finite is cleared, and the error names the cause: a plaintext holding NaN or infinity, else overflow.
    /// </summary>
    private void Seal(ReadOnlySpan<float> plaintext, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, Span<float> c, Span<byte> metadata, ref CipherScratch scratch, int? row)
    {
        float factor = BallNoise.Direction(_noisePrf, iv, Dimension, _radius, _kernels, scratch.Keystream, scratch.Samples);
        bool finite = _kernels.ScaleAddProduct(Scale, c, scratch.Samples[..Dimension], factor, c);
        if (!finite)
        {
            c.Clear();
            CheckVector(plaintext, row);
        }

        TagIfFinite(iv, associatedData, c, metadata, finite, row);
    }

    /// <summary>The first counter block of each IV's noise keystream, four big-endian words a row; a device starts its keystreams there.</summary>
    internal void NoiseCounters(ReadOnlySpan<byte> ivs, Span<uint> words) => _noisePrf.StartCounters(ivs, words);

    /// <summary>What a device needs to run this key's transform and noise (copies, for the caller to dispose).</summary>
    internal DevicePlan CreateDevicePlan()
    {
        ThrowIfDisposed();
        return new(Transform, Dimension, Scale, _radius, _noisePrf.StreamKey, _transform);
    }

    /// <summary>The last step of encryption, shared with device engines: c must be finite; with metadata, its tag is computed and written.</summary>
    internal void Finish(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> c, Span<byte> metadata, int? row) =>
        TagIfFinite(iv, associatedData, c, metadata, _kernels.AllFinite(c), row);

    /// <summary><see cref="Finish"/> once the finiteness of c is known (the CPU path learns it in the noise pass).</summary>
    private void TagIfFinite(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> c, Span<byte> metadata, bool finite, int? row)
    {
        if (!finite)
        {
            Throw.InvalidVector(row is null
                ? "The vector overflows the float range once scaled."
                : $"Row {row} overflows the float range once scaled.");
        }

        if (!metadata.IsEmpty)
        {
            Span<byte> tag = stackalloc byte[VectorTag.Size];
            _tag.Compute(iv, associatedData, c, tag);
            EncryptedVectorFormat.Write(metadata, KeyId, iv, tag);
        }
    }

    /// <summary>Authenticates, then writes y = (c - n) / s, still to be mapped back by Q^T.</summary>
    private void Open(ReadOnlySpan<float> c, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> associatedData, Span<float> y, ref CipherScratch scratch, int? row)
    {
        ReadOnlySpan<byte> iv = Authenticate(c, metadata, associatedData, row);
        float factor = BallNoise.Direction(_noisePrf, iv, Dimension, _radius, _kernels, scratch.Keystream, scratch.Samples);
        _kernels.SubtractProductDivide(c, scratch.Samples[..Dimension], factor, Scale, y);
    }

    /// <summary>The first step of decryption, shared with device engines: checks the metadata's format, key id and tag; returns the IV.</summary>
    internal ReadOnlySpan<byte> Authenticate(ReadOnlySpan<float> c, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> associatedData, int? row)
    {
        EncryptedVectorFormat.Validate(metadata);
        uint keyId = EncryptedVectorFormat.ReadKeyId(metadata);
        if (keyId != KeyId)
        {
            Throw.UnknownKey(keyId);
        }

        ReadOnlySpan<byte> iv = EncryptedVectorFormat.Iv(metadata);
        if (!_tag.Matches(iv, associatedData, c, EncryptedVectorFormat.Tag(metadata)))
        {
            Throw.AuthenticationFailed(row);
        }

        return iv;
    }

    private void CheckDimension(int length)
    {
        if (length != Dimension)
        {
            Throw.InvalidVector(length == 0
                ? "The vector is empty."
                : $"Expected a vector of dimension {Dimension}, got {length}.");
        }
    }

    private void CheckVector(ReadOnlySpan<float> vector, int? row = null)
    {
        CheckDimension(vector.Length);

        if (!_kernels.AllFinite(vector))
        {
            Throw.InvalidVector(row is null ? "The vector holds NaN or infinity." : $"Row {row} holds NaN or infinity.");
        }
    }

    private static void CheckOutput(ReadOnlySpan<float> input, Span<float> output)
    {
        CheckLength(output.Length, input.Length, "output");
        if (input.Overlaps(output))
        {
            Throw.Argument("The output must not overlap the input.", nameof(output));
        }
    }

    private static void CheckLength(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            Throw.Argument($"The {what} span has length {actual}; expected {expected}.", what);
        }
    }

    /// <summary>A disposed cipher's keys are zeroes: it (and a device cipher borrowing it) refuses to run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
