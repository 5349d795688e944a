using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>
/// Holds the RBAC master secret: issues user keys, seals records under access policies and re-wraps headers
/// when the epoch moves. Atomic keys are HMAC-SHA256 of (epoch, attribute combination) under a key derived
/// from the master; a user key holds the atomic keys of its own combinations only. This is a symmetric
/// design: whoever seals (holds the master) can open everything. Thread-safe.
/// </summary>
public sealed partial class RbacAuthority : IDisposable
{
    /// <summary>Master secret length in bytes.</summary>
    public const int SecretSize = 32;

    private static readonly byte[] s_salt = "VectaX/rbac/v1"u8.ToArray();

    private readonly byte[] _secret;
    private readonly byte[] _atomicRoot = new byte[32];
    private readonly byte[] _tagRoot = new byte[32];
    private readonly byte[] _policyKey = new byte[32];
    private readonly byte[] _id = new byte[RecordHeader.AuthorityIdSize];
    private readonly ConcurrentDictionary<string, PolicySealer> _sealers = new(StringComparer.Ordinal);

    private RbacAuthority(PolicyVocabulary vocabulary, ReadOnlySpan<byte> secret, uint epoch)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (secret.Length != SecretSize)
        {
            throw new ArgumentException($"The master secret must be {SecretSize} bytes.", nameof(secret));
        }

        Vocabulary = vocabulary;
        Epoch = epoch;
        _secret = secret.ToArray();
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _atomicRoot, s_salt, "atomic"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _tagRoot, s_salt, "access-tag"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _policyKey, s_salt, "policy-box"u8);
        Span<byte> id = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, id, s_salt, [.. "authority-id"u8, .. Encoding.UTF8.GetBytes(vocabulary.ToString())]);
        id[..RecordHeader.AuthorityIdSize].CopyTo(_id);
    }

    /// <summary>The vocabulary policies and users are checked against.</summary>
    public PolicyVocabulary Vocabulary { get; }

    /// <summary>The current epoch: headers sealed or re-wrapped now open only with keys of this epoch.</summary>
    public uint Epoch { get; }

    /// <summary>A public identifier of the authority (from its secret and vocabulary), written into every header and user key.</summary>
    public string Id => Convert.ToHexStringLower(_id);

    internal ReadOnlySpan<byte> IdBytes => _id;

    /// <summary>A new authority with a random master secret.</summary>
    public static RbacAuthority Create(PolicyVocabulary vocabulary, uint epoch = 1)
    {
        Span<byte> secret = stackalloc byte[SecretSize];
        RandomNumberGenerator.Fill(secret);
        try
        {
            return new RbacAuthority(vocabulary, secret, epoch);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>An authority from a master secret kept elsewhere (a secret store).</summary>
    public static RbacAuthority FromSecret(PolicyVocabulary vocabulary, ReadOnlySpan<byte> secret, uint epoch) => new(vocabulary, secret, epoch);

    /// <summary>The master secret, for a secret store. Keep it secret.</summary>
    public byte[] ExportSecret() => (byte[])_secret.Clone();

    /// <summary>The same authority at another epoch (rotate: keys of older epochs stop opening re-wrapped headers).</summary>
    public RbacAuthority AtEpoch(uint epoch) => new(Vocabulary, _secret, epoch);

    /// <summary>A policy or attribute set from category -> values, checked against the vocabulary.</summary>
    public AttributeSet Attributes(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> values) => new(Vocabulary, values);

    /// <summary>Issues a key for a user holding <paramref name="attributes"/>, valid at the current epoch.</summary>
    public UserKey IssueUserKey(AttributeSet attributes)
    {
        CheckVocabulary(attributes);
        List<byte[]> combos = Combinations.OfUser(attributes);
        var secrets = new byte[combos.Count][];
        var tags = new byte[combos.Count][];
        for (int i = 0; i < combos.Count; i++)
        {
            secrets[i] = AtomicSecret(Epoch, combos[i]);
            tags[i] = AccessTag(Epoch, combos[i]);
        }

        return new UserKey(_id, Epoch, secrets, tags, attributes.ToString());
    }

    /// <summary>A sealer for one policy at the current epoch; reuse it for every record under that policy.</summary>
    public PolicySealer CreateSealer(AttributeSet policy)
    {
        CheckVocabulary(policy);
        return _sealers.GetOrAdd(policy.ToString(), _ => new PolicySealer(this, policy, Epoch));
    }

    /// <summary>Seals a record: its exact vector (unless <paramref name="includeVector"/> is false) and payload, under <paramref name="policy"/>.</summary>
    public SealedRecord Seal(AttributeSet policy, ReadOnlySpan<float> vector, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> context = default, bool includeVector = true) =>
        CreateSealer(policy).Seal(vector, payload, context, includeVector);

    /// <summary>
    /// Re-wraps a header to the current epoch, for the same policy and data key: the sealed blob, the vector and
    /// the payload stay as they are, and keys of older epochs no longer open the record.
    /// </summary>
    public byte[] Rewrap(ReadOnlySpan<byte> header)
    {
        var view = new RecordHeader.View(header);
        if (!view.AuthorityId.SequenceEqual(_id))
        {
            throw new AccessDeniedException("The header was sealed by another authority.");
        }

        AttributeSet policy = OpenPolicyBox(view.PolicyBox);
        List<byte[]> combos = Combinations.OfPolicy(policy);
        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        using (var atomic = new AesCtr(AtomicSecret(view.Epoch, combos[0])))
        {
            if (!PolicySealer.TryUnwrap(atomic, view, dataKey))
            {
                throw new AccessDeniedException("The header was altered: no entry matches its policy.");
            }
        }

        try
        {
            return CreateSealer(policy).BuildHeader(dataKey, view.RecordId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Zeroes the master and derived keys.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        CryptographicOperations.ZeroMemory(_atomicRoot);
        CryptographicOperations.ZeroMemory(_tagRoot);
        CryptographicOperations.ZeroMemory(_policyKey);
        foreach (PolicySealer sealer in _sealers.Values)
        {
            sealer.Dispose();
        }
    }

    /// <summary>The public parts only.</summary>
    public override string ToString() => $"RbacAuthority(id={Id}, epoch={Epoch}, vocabulary={Vocabulary})";

    internal byte[] AtomicSecret(uint epoch, byte[] combination) => Keyed(_atomicRoot, epoch, combination, 32);

    internal byte[] AccessTag(uint epoch, byte[] combination) => Keyed(_tagRoot, epoch, combination, 16);

    internal byte[] SealPolicyBox(AttributeSet policy)
    {
        byte[] plain = Encoding.UTF8.GetBytes(policy.ToString());
        byte[] box = new byte[RecordCrypto.GcmNonceSize + RecordCrypto.GcmTagSize + plain.Length];
        SecretRandom.Fill(box.AsSpan(0, RecordCrypto.GcmNonceSize));
        using var gcm = new AesGcm(_policyKey, RecordCrypto.GcmTagSize);
        gcm.Encrypt(box.AsSpan(0, RecordCrypto.GcmNonceSize), plain, box.AsSpan(RecordCrypto.GcmNonceSize + RecordCrypto.GcmTagSize), box.AsSpan(RecordCrypto.GcmNonceSize, RecordCrypto.GcmTagSize), _id);
        return box;
    }

    private AttributeSet OpenPolicyBox(ReadOnlySpan<byte> box)
    {
        if (box.Length < RecordCrypto.GcmNonceSize + RecordCrypto.GcmTagSize)
        {
            Throw.Malformed("The header's policy box is truncated.");
        }

        byte[] plain = new byte[box.Length - RecordCrypto.GcmNonceSize - RecordCrypto.GcmTagSize];
        try
        {
            using var gcm = new AesGcm(_policyKey, RecordCrypto.GcmTagSize);
            gcm.Decrypt(box[..RecordCrypto.GcmNonceSize], box[(RecordCrypto.GcmNonceSize + RecordCrypto.GcmTagSize)..], box.Slice(RecordCrypto.GcmNonceSize, RecordCrypto.GcmTagSize), plain, _id);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new AccessDeniedException("The header's policy box was altered.");
        }

        return AttributeSetText.Parse(Vocabulary, Encoding.UTF8.GetString(plain));
    }

    private void CheckVocabulary(AttributeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!ReferenceEquals(set.Vocabulary, Vocabulary) && set.Vocabulary.ToString() != Vocabulary.ToString())
        {
            throw new InvalidPolicyException("The attribute set was built against another vocabulary.");
        }
    }

    private static byte[] Keyed(byte[] root, uint epoch, byte[] combination, int size)
    {
        Span<byte> message = stackalloc byte[4 + combination.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, epoch);
        combination.CopyTo(message[4..]);
        byte[] full = HMACSHA256.HashData(root, message);
        byte[] result = full[..size];
        CryptographicOperations.ZeroMemory(full);
        return result;
    }
}
