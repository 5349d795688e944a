using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VectaX;

/// <summary>
/// A secret key: 256 random bits plus public parameters (key id, dimension d, scale s, approximation factor
/// beta, transform kind and revision). Encryption adds noise of norm at most s*beta/4, so ciphertext distances divided by s
/// stay within beta/2 of plaintext distances. Dispose to zero the secret.
/// </summary>
public sealed class VectaXKey : IDisposable
{
    /// <summary>Length of the secret in bytes.</summary>
    public const int SecretSize = 32;

    /// <summary>
    /// Default beta, for unit-norm embeddings: noise of norm up to 0.05, distances kept within 0.1. Chosen from the
    /// measured trade-off (docs/SECURITY.md): the largest noise at which the database alone keeps recall@10 >= 0.95.
    /// </summary>
    public const float DefaultBeta = 0.2f;

    /// <summary>
    /// Smallest beta accepted unless the caller opts in: below it the noise (norm up to beta/4 for unit vectors) barely
    /// moves a ciphertext, and at 0 equal vectors encrypt to equal ciphertexts.
    /// </summary>
    public const float MinimumBeta = 0.01f;

    /// <summary>
    /// Smallest scale: far below it s*Q*v and the noise radius s*beta/4 fall out of the normal float range, so the
    /// noise vanishes and decryption loses precision while the tag still verifies.
    /// </summary>
    public const float MinimumScale = 1e-12f;

    /// <summary>Largest supported dimension.</summary>
    public const int MaxDimension = 1 << 16;

    /// <summary>Largest dimension of the Dense transform: its two d x d float matrices take 2 GiB here, and its set-up grows as d^3.</summary>
    public const int MaxDenseDimension = 1 << 14;

    /// <summary>Shortest secret string <see cref="FromSecretString"/> accepts, in UTF-8 bytes.</summary>
    public const int MinimumSecretStringBytes = 16;

    /// <summary>PBKDF2-HMAC-SHA256 iterations for <see cref="FromSecretString"/>: the OWASP Password Storage Cheat Sheet's figure (2023).</summary>
    public const int SecretStringIterations = 600_000;

    /// <summary>Size of the serialised key in bytes.</summary>
    public const int SerializedSize = 64;

    private static readonly byte[] s_magic = "VXK"u8.ToArray();
    private static readonly byte[] s_secretSalt = "VectaX/v2/secret-string"u8.ToArray();
    private const byte FormatVersion = 1;

    private readonly byte[] _secret;
    private bool _disposed;

    /// <summary>
    /// The revision <see cref="Generate"/> gives a Fast key of dimension d: the newest that covers d
    /// (<see cref="TransformRevision.SplitHadamard"/> for multiples of 16 from 32, else <see cref="TransformRevision.SingleGather"/>).
    /// </summary>
    public static TransformRevision LatestRevision(int dimension) =>
        FastTransform.Splits(dimension) ? TransformRevision.SplitHadamard : TransformRevision.SingleGather;

    private VectaXKey(ReadOnlySpan<byte> secret, uint keyId, int dimension, TransformKind transform, float scale, float beta, bool allowWeakNoise, TransformRevision revision)
    {
        if (secret.Length != SecretSize)
        {
            throw new ArgumentException($"The secret must be {SecretSize} bytes.", nameof(secret));
        }

        if (dimension < 1 || dimension > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be in [1, {MaxDimension}].");
        }

        if (transform is not (TransformKind.Fast or TransformKind.Dense))
        {
            throw new ArgumentOutOfRangeException(nameof(transform), transform, "Unknown transform kind.");
        }

        if (revision is not (TransformRevision.Original or TransformRevision.SingleGather or TransformRevision.SplitHadamard) || (transform == TransformKind.Dense && revision != TransformRevision.Original))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, "Unknown transform revision; Dense keys have only the original one.");
        }

        if (revision == TransformRevision.SplitHadamard && !FastTransform.Splits(dimension))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, "The SplitHadamard revision needs a dimension that is a multiple of 16, at least 32.");
        }

        if (!float.IsFinite(scale) || scale < MinimumScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"The scale must be finite and at least {MinimumScale}.");
        }

        if (transform == TransformKind.Dense && dimension > MaxDenseDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The Dense transform holds dimensions up to {MaxDenseDimension}; use Fast beyond.");
        }

        if (!float.IsFinite(beta) || beta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta must be finite and not negative.");
        }

        if (beta < MinimumBeta && !allowWeakNoise)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"Beta below {MinimumBeta} leaves ciphertexts almost noiseless (at 0, equal vectors give equal ciphertexts); pass allowWeakNoise: true to accept that.");
        }

        _secret = secret.ToArray();
        KeyId = keyId;
        Dimension = dimension;
        Transform = transform;
        Revision = revision;
        Scale = scale;
        Beta = beta;
    }

    /// <summary>Identifies the key in every ciphertext's metadata; public.</summary>
    public uint KeyId { get; }

    /// <summary>The dimension d of the vectors this key encrypts.</summary>
    public int Dimension { get; }

    /// <summary>The orthogonal transform kind.</summary>
    public TransformKind Transform { get; }

    /// <summary>The construction of the transform (Fast keys; Dense keys are always <see cref="TransformRevision.Original"/>).</summary>
    public TransformRevision Revision { get; }

    /// <summary>The scale s applied to Q v.</summary>
    public float Scale { get; }

    /// <summary>The approximation factor beta: the noise norm is at most s*beta/4.</summary>
    public float Beta { get; }

    internal ReadOnlySpan<byte> Secret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secret;
        }
    }

    /// <summary>
    /// A key with a fresh random secret (and a random key id unless one is given); beta below <see cref="MinimumBeta"/>
    /// needs <paramref name="allowWeakNoise"/>. A Fast key gets <see cref="LatestRevision"/> of its dimension unless told otherwise.
    /// </summary>
    public static VectaXKey Generate(int dimension, TransformKind transform = TransformKind.Fast, float beta = DefaultBeta, float scale = 1f, uint? keyId = null, bool allowWeakNoise = false, TransformRevision? revision = null)
    {
        Span<byte> secret = stackalloc byte[SecretSize];
        RandomNumberGenerator.Fill(secret);
        try
        {
            return new VectaXKey(secret, keyId ?? RandomKeyId(), dimension, transform, scale, beta, allowWeakNoise, revision ?? (transform == TransformKind.Fast ? LatestRevision(dimension) : TransformRevision.Original));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// A key from 32 secret bytes the caller holds; beta below <see cref="MinimumBeta"/> needs <paramref name="allowWeakNoise"/>.
    /// The revision defaults to <see cref="TransformRevision.Original"/>, so a secret gives the same key as it always has.
    /// </summary>
    public static VectaXKey FromSecret(ReadOnlySpan<byte> secret, uint keyId, int dimension, TransformKind transform = TransformKind.Fast, float beta = DefaultBeta, float scale = 1f, bool allowWeakNoise = false, TransformRevision revision = TransformRevision.Original) =>
        new(secret, keyId, dimension, transform, scale, beta, allowWeakNoise, revision);

    /// <summary>
    /// A key derived from a passphrase of at least <see cref="MinimumSecretStringBytes"/> UTF-8 bytes with
    /// PBKDF2-HMAC-SHA256 at <see cref="SecretStringIterations"/> iterations, salted by a label and the key id (so a
    /// guess tested against one key id says nothing about another). Slow by design, to make each guess costly. The
    /// revision defaults to <see cref="TransformRevision.Original"/>, so a passphrase gives the same key as it always has.
    /// </summary>
    public static VectaXKey FromSecretString(string secret, uint keyId, int dimension, TransformKind transform = TransformKind.Fast, float beta = DefaultBeta, float scale = 1f, bool allowWeakNoise = false, TransformRevision revision = TransformRevision.Original)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        byte[] password = Encoding.UTF8.GetBytes(secret);
        Span<byte> salt = stackalloc byte[s_secretSalt.Length + sizeof(uint)];
        Span<byte> derived = stackalloc byte[SecretSize];
        try
        {
            if (password.Length < MinimumSecretStringBytes)
            {
                throw new ArgumentException($"A secret string must be at least {MinimumSecretStringBytes} UTF-8 bytes; use a generated key for anything shorter.", nameof(secret));
            }

            s_secretSalt.CopyTo(salt);
            BinaryPrimitives.WriteUInt32LittleEndian(salt[s_secretSalt.Length..], keyId);
            Rfc2898DeriveBytes.Pbkdf2(password, salt, derived, SecretStringIterations, HashAlgorithmName.SHA256);
            return new VectaXKey(derived, keyId, dimension, transform, scale, beta, allowWeakNoise, revision);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>The key as 64 bytes, a <see cref="SecretEnvelope"/>: magic, version, parameters, secret, checksum. Keep it secret.</summary>
    public byte[] Export()
    {
        Span<byte> body = stackalloc byte[KeySchedule.ParameterSize + SecretSize];
        try
        {
            KeySchedule.KeyParameterBytes(this, body[..KeySchedule.ParameterSize]);
            Secret.CopyTo(body[KeySchedule.ParameterSize..]);
            return SecretEnvelope.Seal(s_magic, FormatVersion, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>Reads a key written by <see cref="Export"/>; throws <see cref="MalformedDataException"/> on anything else.</summary>
    public static VectaXKey Import(ReadOnlySpan<byte> blob)
    {
        if (blob.Length != SerializedSize)
        {
            throw new MalformedDataException("Not a VectaX key: wrong length or magic.", EnvelopeFault.Truncated);
        }

        ReadOnlySpan<byte> p = SecretEnvelope.Open(blob, s_magic, FormatVersion, "key");
        if (p[2] != 0 || p[3] != 0)
        {
            Throw.Malformed("The key's reserved bytes are not zero.");
        }

        try
        {
            return new VectaXKey(
                p.Slice(KeySchedule.ParameterSize, SecretSize),
                BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(p[8..]),
                (TransformKind)p[0],
                BinaryPrimitives.ReadSingleLittleEndian(p[12..]),
                BinaryPrimitives.ReadSingleLittleEndian(p[16..]),
                allowWeakNoise: true,
                (TransformRevision)p[1]);
        }
        catch (ArgumentException e)
        {
            throw new MalformedDataException($"The key holds invalid parameters: {e.Message}");
        }
    }

    /// <summary>The exported key as base64, for a secret store or an environment variable.</summary>
    public string ToBase64() => Base64Blob.EncodeAndClear(Export());

    /// <summary>Reads <see cref="ToBase64"/> output.</summary>
    public static VectaXKey FromBase64(string base64) => Base64Blob.DecodeSecret(base64, "key", blob => Import(blob));

    /// <summary>Writes the key to a new file readable by its owner only; refuses to replace a file unless told to.</summary>
    public void Save(string path, bool overwrite = false) => OwnerOnlyFile.Write(path, Export(), overwrite);

    /// <summary>Reads a key file written by <see cref="Save"/>; a file of any other size is refused before it is read.</summary>
    public static VectaXKey Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        if (file.Length != SerializedSize)
        {
            Throw.Malformed($"Not a VectaX key: the file holds {file.Length} bytes; a key is {SerializedSize}.");
        }

        byte[] blob = new byte[SerializedSize];
        file.ReadExactly(blob);
        try
        {
            return Import(blob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>Zeroes the secret.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secret);
    }

    /// <summary>The public parameters only.</summary>
    public override string ToString() => $"VectaXKey(id={KeyId}, d={Dimension}, {Transform}, scale={Scale}, beta={Beta})";

    private static uint RandomKeyId()
    {
        Span<byte> b = stackalloc byte[4];
        RandomNumberGenerator.Fill(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }
}
