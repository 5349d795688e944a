using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace VectaX.Rbac;

/// <summary>
/// Holds the RBAC master secret: issues user keys, seals records under access policies and re-wraps headers
/// when the epoch moves. Atomic keys are HMAC-SHA256 of (epoch, attribute combination) under a key derived
/// from the master; a user key holds the atomic keys of its own combinations only. Class secrets are HMAC-SHA256
/// of (epoch, canonical policy text) under another derived key: records under one policy at one epoch form one
/// access class. This is a symmetric design: whoever seals (holds the master) can open everything. Thread-safe.
/// </summary>
public sealed partial class RbacAuthority : IDisposable
{
    /// <summary>Master secret length in bytes.</summary>
    public const int SecretSize = 32;

    private static readonly byte[] s_salt = "VectaX/rbac/v1"u8.ToArray();

    private readonly byte[] _secret;
    private readonly byte[] _atomicRoot = new byte[32];
    private readonly byte[] _classRoot = new byte[32];
    private readonly byte[] _policyKey = new byte[32];
    private readonly byte[] _headerRoot = new byte[32];
    private readonly ClassCache _cache = new();
    private readonly byte[] _id = new byte[RecordHeader.AuthorityIdSize];
    private readonly ConcurrentDictionary<(string Policy, SimilarityParameters? Similarity), PolicySealer> _sealers = new();
    private readonly ConcurrentDictionary<string, PolicySealer> _sealerOfCore = new(StringComparer.Ordinal);

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
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _classRoot, s_salt, "class"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _policyKey, s_salt, "policy-box"u8);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _headerRoot, s_salt, "class-header"u8);
        Span<byte> id = stackalloc byte[32];
        DeriveId(secret, vocabulary, id);
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
        for (int i = 0; i < combos.Count; i++)
        {
            secrets[i] = AtomicSecret(Epoch, combos[i]);
        }

        return new UserKey(_id, Epoch, secrets, attributes.ToString());
    }

    /// <summary>
    /// A sealer for one policy at the current epoch (one access class); with <paramref name="similarity"/>, the class
    /// also gets a similarity key of those parameters. Reuse it for every record under that policy.
    /// </summary>
    public PolicySealer CreateSealer(AttributeSet policy, SimilarityParameters? similarity = null)
    {
        CheckVocabulary(policy);
        return _sealers.GetOrAdd((policy.ToString(), similarity), _ => new PolicySealer(this, policy, Epoch, similarity));
    }

    /// <summary>Seals a record: its exact vector (unless <paramref name="includeVector"/> is false) and payload, under <paramref name="policy"/>.</summary>
    public SealedRecord Seal(AttributeSet policy, ReadOnlySpan<float> vector, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> context = default, bool includeVector = true) =>
        CreateSealer(policy).Seal(vector, payload, context, includeVector);

    /// <summary>
    /// Opens the access class of a class header (its core suffices) as the authority, at any epoch: the policy box is
    /// opened, the class secret derived from it, and the class MAC checked in constant time. The caller disposes it.
    /// </summary>
    public AccessClass OpenClass(ReadOnlySpan<byte> classHeader) => OpenClass(new ClassHeaderLayout.View(classHeader, needEntries: false), out _);

    /// <summary>
    /// <see cref="OpenClass(ReadOnlySpan{byte})"/> through this authority's class cache: each class is opened once and
    /// kept until the authority is disposed (which zeroes it); the caller must not rely on disposing it.
    /// </summary>
    public AccessClass OpenClassCached(ReadOnlySpan<byte> classHeader)
    {
        var view = new ClassHeaderLayout.View(classHeader, needEntries: false);
        string key = ClassCache.KeyOf(view.Core);
        return _cache.TryGet(key, out AccessClass? known) && known is not null ? known : _cache.Add(key, view.Core, OpenClass(view, out _))!;
    }

    /// <summary>
    /// The sealer of a class header's policy and similarity parameters at the current epoch, after checking the header
    /// (policy box, class MAC) the first time its core is seen: later calls for the same core bytes find the sealer by
    /// the core's SHA-256, so a revocation that moves many records of one class opens that class once.
    /// </summary>
    public PolicySealer SealerFor(ReadOnlySpan<byte> classHeader)
    {
        var view = new ClassHeaderLayout.View(classHeader, needEntries: false);
        string key = ClassCache.KeyOf(view.Core);
        if (_sealerOfCore.TryGetValue(key, out PolicySealer? known))
        {
            return known;
        }

        using AccessClass _ = OpenClass(view, out AttributeSet policy);
        return _sealerOfCore.GetOrAdd(key, CreateSealer(policy, view.Similarity));
    }

    /// <summary>Opens a record as the authority (any epoch), given its class header: what eager revocation re-seals.</summary>
    public OpenedRecord Open(ReadOnlySpan<byte> classHeader, ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> sealedBlob, ReadOnlySpan<byte> context = default) =>
        OpenClassOfRecord(classHeader, recordHeader).Open(recordHeader, sealedBlob, context);

    /// <summary>
    /// <see cref="OpenClassCached"/> for a record: found by the class tag <paramref name="recordHeader"/> names when the
    /// cache holds that class opened from this very core (no SHA-256 of the core per record), else by the core.
    /// </summary>
    internal AccessClass OpenClassOfRecord(ReadOnlySpan<byte> classHeader, ReadOnlySpan<byte> recordHeader)
    {
        ReadOnlySpan<byte> tag = RecordHeader.ClassTagOrEmpty(recordHeader);
        return (tag.IsEmpty ? null : _cache.ForRecord(tag, classHeader[..ClassHeaderLayout.CoreLengthAt(classHeader)])) ?? OpenClassCached(classHeader);
    }

    /// <summary>
    /// Re-wraps a record header to the current epoch, for the same policy and data key (lazy revocation): the sealed
    /// blob stays as it is, and keys of older epochs no longer open the new header. A key of an older epoch that kept
    /// the old header, or the old data key, still opens the blob; <see cref="PolicySealer.Seal"/> under the current
    /// sealer's data key is the eager way. The class header is checked first (policy box, class MAC), then the record
    /// header's wrapped key against it: anything altered or spliced is an <see cref="AccessDeniedException"/>. The new
    /// header keeps the record id (the blob is bound to it and to the context, not to the epoch), and the records of one
    /// old data key share one new wrapped key. The new header's class is <see cref="SealerFor"/>'s; store its class
    /// header too.
    /// </summary>
    public byte[] Rewrap(ReadOnlySpan<byte> classHeader, ReadOnlySpan<byte> recordHeader)
    {
        var record = new RecordHeader.View(recordHeader);
        AccessClass old = OpenClassOfRecord(classHeader, recordHeader);
        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        try
        {
            old.UnwrapDataKey(record, dataKey);
            return SealerFor(classHeader).RewrapHeader(record.Epoch, record.Wrapped, dataKey, record.RecordId);
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
        CryptographicOperations.ZeroMemory(_classRoot);
        CryptographicOperations.ZeroMemory(_policyKey);
        CryptographicOperations.ZeroMemory(_headerRoot);
        _cache.Dispose();
        foreach (PolicySealer sealer in _sealers.Values)
        {
            sealer.Dispose();
        }
    }

    /// <summary>The public parts only.</summary>
    public override string ToString() => $"RbacAuthority(id={Id}, epoch={Epoch}, vocabulary={Vocabulary})";

    internal byte[] AtomicSecret(uint epoch, byte[] combination)
    {
        byte[] secret = new byte[32];
        AtomicSecret(epoch, combination, secret);
        return secret;
    }

    internal void AtomicSecret(uint epoch, byte[] combination, Span<byte> secret)
    {
        Span<byte> message = stackalloc byte[4 + combination.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, epoch);
        combination.CopyTo(message[4..]);
        HMACSHA256.HashData(_atomicRoot, message, secret);
    }

    internal byte[] ClassSecret(uint epoch, AttributeSet policy) => Keyed(_classRoot, epoch, Encoding.UTF8.GetBytes(policy.ToString()));

    /// <summary>The authority-only seed of a class header's nonces and dummy entries.</summary>
    internal byte[] HeaderSeed(uint epoch, AttributeSet policy, SimilarityParameters? similarity)
    {
        byte[] text = Encoding.UTF8.GetBytes(policy.ToString());
        byte[] data = new byte[ClassHeaderLayout.SimilaritySize + text.Length];
        SimilarityParameters.Write(similarity, data);
        text.CopyTo(data, ClassHeaderLayout.SimilaritySize);
        return Keyed(_headerRoot, epoch, data);
    }

    internal byte[] SealPolicyBox(AttributeSet policy, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> nonce) => PolicyBox.Seal(_policyKey, policy.ToString(), prefix, nonce);

    private AccessClass OpenClass(ClassHeaderLayout.View view, out AttributeSet policy)
    {
        if (!view.AuthorityId.SequenceEqual(_id))
        {
            throw new AccessDeniedException("The header was sealed by another authority.");
        }

        string text = PolicyBox.Open(_policyKey, view.PolicyBox, view.Prefix);
        try
        {
            policy = AttributeSetText.Parse(Vocabulary, text);
        }
        catch (InvalidPolicyException)
        {
            throw new MalformedDataException("The header's policy does not parse against this authority's vocabulary.");
        }

        byte[] secret = ClassSecret(view.Epoch, policy);
        try
        {
            return AccessClass.Verified(view, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private void CheckVocabulary(AttributeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!ReferenceEquals(set.Vocabulary, Vocabulary) && set.Vocabulary.ToString() != Vocabulary.ToString())
        {
            throw new InvalidPolicyException("The attribute set was built against another vocabulary.");
        }
    }

    /// <summary>
    /// HKDF-SHA256 (RFC 5869) of the master, info "authority-id" || vocabulary text, one 32-byte block: Extract, then
    /// T(1) = HMAC(PRK, info || 0x01) written out, because OpenSSL's HKDF refuses an info over 32 KiB and a vocabulary
    /// of a thousand values per category passes that. The same bytes as <see cref="HKDF.DeriveKey(HashAlgorithmName, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.
    /// </summary>
    private static void DeriveId(ReadOnlySpan<byte> secret, PolicyVocabulary vocabulary, Span<byte> id)
    {
        Span<byte> prk = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HKDF.Extract(HashAlgorithmName.SHA256, secret, s_salt, prk);
        HMACSHA256.HashData(prk, [.. "authority-id"u8, .. Encoding.UTF8.GetBytes(vocabulary.ToString()), 1], id);
        CryptographicOperations.ZeroMemory(prk);
    }

    private static byte[] Keyed(byte[] root, uint epoch, byte[] data)
    {
        byte[] message = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, epoch);
        data.CopyTo(message, 4);
        return HMACSHA256.HashData(root, message);
    }
}
