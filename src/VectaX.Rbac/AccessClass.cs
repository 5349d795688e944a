using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VectaX.Rbac;

/// <summary>
/// An access class: the records sealed under one policy at one epoch, with one set of similarity parameters. Its
/// secret, derived by the authority from the master, the epoch and the canonical policy text, reaches a user only
/// through the class header's entries, so a user key yields exactly the classes its attributes satisfy. From the
/// secret and the similarity parameters come the class's similarity key (vectors of the class are encrypted under it),
/// the key wrapping its sealers' data keys, the class header's MAC key, and the public class tag a store filters on.
/// Dispose to zero it; a class handed out by a key's cache (<see cref="UserKey.OpenClassCached"/>) is zeroed when that
/// key is disposed, and its own Dispose does nothing.
/// </summary>
public sealed class AccessClass : IDisposable
{
    private static readonly byte[] s_salt = "VectaX/rbac/class/v3"u8.ToArray();
    private static readonly byte[] s_info = "class-keys"u8.ToArray();

    private readonly byte[] _authorityId;
    private readonly byte[] _wrappingKey = new byte[32];
    private readonly byte[] _macKey = new byte[32];
    private readonly byte[] _similaritySecret = new byte[VectaXKey.SecretSize];
    private readonly byte[] _tag = new byte[RecordHeader.TagSize];
    private readonly uint _keyId;
    private readonly byte[] _classPart = new byte[RecordHeader.RecordIdOffset];
    private readonly ConcurrentBag<AesGcm> _wrappers = [];
    private readonly DataKeyCache _dataKeys = new();
    private readonly Lock _gate = new();
    private VectorCipher? _cipher;
    private bool _cached;
    private volatile bool _disposed;

    internal AccessClass(ReadOnlySpan<byte> authorityId, uint epoch, ReadOnlySpan<byte> classSecret, SimilarityParameters? similarity)
    {
        _authorityId = authorityId.ToArray();
        Epoch = epoch;
        Similarity = similarity;
        // One HKDF output split into the class's keys: opening a class costs four HMAC blocks, not five derivations.
        // The similarity parameters are in the info: a policy sealed under a ring whose key parameters changed is
        // another class (own tag, registry entry and similarity key), not a second parameter set under one tag.
        Span<byte> info = stackalloc byte[s_info.Length + ClassHeaderLayout.SimilaritySize];
        s_info.CopyTo(info);
        SimilarityParameters.Write(similarity, info[s_info.Length..]);
        Span<byte> derived = stackalloc byte[32 + 32 + VectaXKey.SecretSize + 4 + RecordHeader.TagSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, classSecret, derived, s_salt, info);
        derived[..32].CopyTo(_wrappingKey);
        derived[32..64].CopyTo(_macKey);
        derived.Slice(64, VectaXKey.SecretSize).CopyTo(_similaritySecret);
        _keyId = BinaryPrimitives.ReadUInt32LittleEndian(derived[(64 + VectaXKey.SecretSize)..]);
        derived[^RecordHeader.TagSize..].CopyTo(_tag);
        Tag = Convert.ToBase64String(_tag);
        CryptographicOperations.ZeroMemory(derived);
        _classPart[0] = RecordHeader.Version;
        _authorityId.CopyTo(_classPart, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(_classPart.AsSpan(RecordHeader.EpochOffset), epoch);
        _tag.CopyTo(_classPart, RecordHeader.TagOffset);
    }

    /// <summary>The epoch the class belongs to.</summary>
    public uint Epoch { get; }

    /// <summary>The public tag every point of the class carries (base64); a search filters on it.</summary>
    public string Tag { get; }

    /// <summary>The tag's bytes, as record headers carry it.</summary>
    internal ReadOnlySpan<byte> TagBytes => _tag;

    /// <summary>The parameters of the class's similarity key, or null when the class was sealed without one.</summary>
    public SimilarityParameters? Similarity { get; }

    /// <summary>The class's similarity key (the caller disposes it); <see cref="InvalidOperationException"/> when it has none.</summary>
    public VectaXKey CreateSimilarityKey()
    {
        SimilarityParameters p = Similarity ?? throw new InvalidOperationException("This access class was sealed without similarity parameters.");
        lock (_gate)
        {
            // Under the gate: a Release between the check and the read would hand out a key of zeroed secret.
            ObjectDisposedException.ThrowIf(_disposed, this);
            return VectaXKey.FromSecret(_similaritySecret, _keyId, p.Dimension, p.Transform, p.Beta, p.Scale);
        }
    }

    /// <summary>The class's similarity cipher, made on first use and disposed with the class: what a search encrypts queries and decrypts candidates with.</summary>
    public VectorCipher SimilarityCipher
    {
        get
        {
            if (Volatile.Read(ref _cipher) is { } cipher)
            {
                return cipher;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_cipher is null)
                {
                    using VectaXKey key = CreateSimilarityKey();
                    Volatile.Write(ref _cipher, new VectorCipher(key));
                }

                return _cipher!;
            }
        }
    }

    /// <summary>
    /// Opens a record of this class: the exact vector and the payload, or <see cref="AccessDeniedException"/> when its
    /// header is another class's or was altered. The record's data key is unwrapped once per sealer key and kept in the
    /// class's data key cache (<see cref="DataKeyCache"/>), zeroed with the class.
    /// </summary>
    public OpenedRecord Open(ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> sealedBlob, ReadOnlySpan<byte> context = default)
    {
        var view = new RecordHeader.View(recordHeader);
        CheckNames(view);
        while (true)
        {
            DataKey key = _dataKeys.Find(view.Wrapped) ?? _dataKeys.Add(Unwrap(view));
            if (key.Rent() is not { } gcm)
            {
                continue; // dropped by a full cache meanwhile: unwrap it again
            }

            try
            {
                return RecordCrypto.Open(gcm, recordHeader, context, sealedBlob);
            }
            finally
            {
                key.Return(gcm);
            }
        }
    }

    /// <summary>Zeroes the class keys and the similarity cipher; nothing for a class a key's cache holds (the key zeroes it).</summary>
    public void Dispose()
    {
        if (!_cached)
        {
            Release();
        }
    }

    /// <summary>Public parts only.</summary>
    public override string ToString() => $"AccessClass(epoch={Epoch}, tag={Tag}, similarity={Similarity?.ToString() ?? "none"})";

    /// <summary>Marks the class as held by a cache: only <see cref="Release"/> zeroes it.</summary>
    internal AccessClass Cached()
    {
        _cached = true;
        return this;
    }

    /// <summary>Zeroes the keys, whoever holds the class.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_wrappingKey);
            CryptographicOperations.ZeroMemory(_macKey);
            CryptographicOperations.ZeroMemory(_similaritySecret);
            _cipher?.Dispose();
            _dataKeys.Dispose();
            while (_wrappers.TryTake(out AesGcm? gcm))
            {
                gcm.Dispose();
            }
        }
    }

    /// <summary>The class of <paramref name="view"/> from its secret, returned only once the class MAC checks.</summary>
    internal static AccessClass Verified(ClassHeaderLayout.View view, ReadOnlySpan<byte> classSecret)
    {
        var accessClass = new AccessClass(view.AuthorityId, view.Epoch, classSecret, view.Similarity);
        try
        {
            accessClass.Verify(view);
            return accessClass;
        }
        catch
        {
            accessClass.Dispose();
            throw;
        }
    }

    /// <summary>Checks that a class header's core is this class's, unchanged: authority, epoch, then the class MAC in constant time.</summary>
    internal void Verify(ClassHeaderLayout.View view)
    {
        if (!view.AuthorityId.SequenceEqual(_authorityId) || view.Epoch != Epoch)
        {
            throw new AccessDeniedException("The header belongs to another authority, epoch or access class.");
        }

        Span<byte> tag = stackalloc byte[ClassHeaderLayout.MacSize];
        RecordCrypto.ClassMac(_macKey, view.Authenticated, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, view.Mac))
        {
            throw new AccessDeniedException("The class header failed authentication: it was altered or belongs to another access class.");
        }
    }

    /// <summary>Writes the class MAC over everything before it.</summary>
    internal void Authenticate(Span<byte> core) => RecordCrypto.ClassMac(_macKey, core[..^ClassHeaderLayout.MacSize], core[^ClassHeaderLayout.MacSize..]);

    /// <summary>Data keys this class holds unwrapped now (tests read it).</summary>
    internal int CachedDataKeys => _dataKeys.Count;

    /// <summary>Checks the record header names this class, then unwraps its data key; <see cref="AccessDeniedException"/> on any mismatch.</summary>
    internal void UnwrapDataKey(RecordHeader.View view, Span<byte> dataKey)
    {
        CheckNames(view);
        AesGcm gcm = RentWrapper();
        bool ok = RecordCrypto.TryUnwrapDataKey(gcm, view, dataKey);
        ReturnWrapper(gcm);
        if (!ok)
        {
            throw new AccessDeniedException("The record header failed authentication: its wrapped data key was altered or belongs to another access class.");
        }
    }

    /// <summary>A fresh data key from the OS, wrapped under this class: what a sealer seals its next records under.</summary>
    internal DataKey NewDataKey()
    {
        Span<byte> key = stackalloc byte[RecordHeader.DataKeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return Wrap(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary><paramref name="dataKey"/> wrapped under this class (a fresh nonce): a new data key, or a re-wrapped one.</summary>
    internal DataKey Wrap(ReadOnlySpan<byte> dataKey)
    {
        Span<byte> wrapped = stackalloc byte[RecordHeader.WrappedSize];
        AesGcm gcm = RentWrapper();
        RecordCrypto.WrapDataKey(gcm, _classPart, dataKey, wrapped);
        ReturnWrapper(gcm);
        return new DataKey(dataKey, wrapped);
    }

    /// <summary>Writes a record header of this class: the class part, <paramref name="recordId"/> and a wrapped data key.</summary>
    internal void WriteHeader(ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> wrapped, Span<byte> header)
    {
        _classPart.CopyTo(header);
        recordId.CopyTo(header[RecordHeader.RecordIdOffset..]);
        wrapped.CopyTo(header[RecordHeader.WrappedOffset..]);
    }

    private void CheckNames(RecordHeader.View view)
    {
        if (!view.AuthorityId.SequenceEqual(_authorityId) || view.Epoch != Epoch || !view.ClassTag.SequenceEqual(_tag))
        {
            throw new AccessDeniedException("The record belongs to another authority, epoch or access class.");
        }
    }

    /// <summary>The header's data key, unwrapped and checked, not yet kept.</summary>
    private DataKey Unwrap(RecordHeader.View view)
    {
        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        try
        {
            UnwrapDataKey(view, dataKey);
            return new DataKey(dataKey, view.Wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>An AES-GCM under the wrapping key, used by one thread at a time (an instance is not thread-safe) and reused, so a record does not pay for a key schedule.</summary>
    private AesGcm RentWrapper()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_wrappers.TryTake(out AesGcm? gcm))
        {
            return gcm;
        }

        lock (_gate)
        {
            // Under the gate: a Release between the check above and the key schedule would wrap data keys under zeros.
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new AesGcm(_wrappingKey, RecordCrypto.GcmTagSize);
        }
    }

    private void ReturnWrapper(AesGcm gcm)
    {
        _wrappers.Add(gcm);
        if (_disposed)
        {
            // Released while this one was out: nothing else will take it.
            lock (_gate)
            {
                while (_wrappers.TryTake(out AesGcm? left))
                {
                    left.Dispose();
                }
            }
        }
    }
}
