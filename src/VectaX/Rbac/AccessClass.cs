using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VectaX.Rbac;

/// <summary>
/// An access class: the records sealed under one policy at one epoch, with one set of similarity parameters. Its
/// secret, derived by the authority from the master, the epoch and the canonical policy text, reaches a user only
/// through the class header's entries, so a user key yields exactly the classes its attributes satisfy. From the
/// secret and the similarity parameters come the class's similarity key (vectors of the class are encrypted under it),
/// the key wrapping each record's data key, the class header's MAC key, and the public class tag a store filters on.
/// Dispose to zero it.
/// </summary>
public sealed class AccessClass : IDisposable
{
    private static readonly byte[] s_salt = "VectaX/rbac/class/v2"u8.ToArray();
    private static readonly byte[] s_info = "class-keys"u8.ToArray();

    private readonly byte[] _authorityId;
    private readonly byte[] _wrappingKey = new byte[32];
    private readonly byte[] _macKey = new byte[32];
    private readonly byte[] _similaritySecret = new byte[VectaXKey.SecretSize];
    private readonly uint _keyId;

    internal AccessClass(ReadOnlySpan<byte> authorityId, uint epoch, ReadOnlySpan<byte> classSecret, SimilarityParameters? similarity)
    {
        _authorityId = authorityId.ToArray();
        Epoch = epoch;
        Similarity = similarity;
        // One HKDF output split into the class's keys: opening a class costs four HMAC blocks, not five derivations.
        // The similarity parameters are in the info: a policy sealed under a ring whose key parameters changed is
        // another class (own tag, registry entry and similarity key), not a second parameter set under one tag.
        Span<byte> info = stackalloc byte[s_info.Length + ClassHeader.SimilaritySize];
        s_info.CopyTo(info);
        SimilarityParameters.Write(similarity, info[s_info.Length..]);
        Span<byte> derived = stackalloc byte[32 + 32 + VectaXKey.SecretSize + 4 + 16];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, classSecret, derived, s_salt, info);
        derived[..32].CopyTo(_wrappingKey);
        derived[32..64].CopyTo(_macKey);
        derived.Slice(64, VectaXKey.SecretSize).CopyTo(_similaritySecret);
        _keyId = BinaryPrimitives.ReadUInt32LittleEndian(derived[(64 + VectaXKey.SecretSize)..]);
        Tag = Convert.ToBase64String(derived[^16..]);
        CryptographicOperations.ZeroMemory(derived);
    }

    /// <summary>The epoch the class belongs to.</summary>
    public uint Epoch { get; }

    /// <summary>The public tag every point of the class carries (base64); a search filters on it.</summary>
    public string Tag { get; }

    /// <summary>The parameters of the class's similarity key, or null when the class was sealed without one.</summary>
    public SimilarityParameters? Similarity { get; }

    /// <summary>The class's similarity key (the caller disposes it); <see cref="InvalidOperationException"/> when it has none.</summary>
    public VectaXKey CreateSimilarityKey()
    {
        SimilarityParameters p = Similarity ?? throw new InvalidOperationException("This access class was sealed without similarity parameters.");
        return VectaXKey.FromSecret(_similaritySecret, _keyId, p.Dimension, p.Transform, p.Beta, p.Scale);
    }

    /// <summary>Opens a record of this class: the exact vector and the payload, or <see cref="AccessDeniedException"/> when the header is another class's or was altered.</summary>
    public OpenedRecord Open(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBlob, ReadOnlySpan<byte> context = default)
    {
        var view = new RecordHeader.View(header);
        Span<byte> dataKey = stackalloc byte[RecordHeader.DataKeySize];
        Span<byte> gcmKey = stackalloc byte[32];
        try
        {
            UnwrapDataKey(view, context, dataKey);
            RecordCrypto.BlobKey(dataKey, gcmKey);
            return RecordCrypto.Open(gcmKey, view.RecordId, context, sealedBlob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(gcmKey);
        }
    }

    /// <summary>Zeroes the class keys.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_wrappingKey);
        CryptographicOperations.ZeroMemory(_macKey);
        CryptographicOperations.ZeroMemory(_similaritySecret);
    }

    /// <summary>Public parts only.</summary>
    public override string ToString() => $"AccessClass(epoch={Epoch}, tag={Tag}, similarity={Similarity?.ToString() ?? "none"})";

    /// <summary>The class of <paramref name="view"/> from its secret, returned only once the class MAC checks.</summary>
    internal static AccessClass Verified(ClassHeader.View view, ReadOnlySpan<byte> classSecret)
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

    /// <summary>Checks that a class part is this class's, unchanged: authority, epoch, then the class MAC in constant time.</summary>
    internal void Verify(ClassHeader.View view)
    {
        if (!view.AuthorityId.SequenceEqual(_authorityId) || view.Epoch != Epoch)
        {
            throw new AccessDeniedException("The header belongs to another authority, epoch or access class.");
        }

        Span<byte> tag = stackalloc byte[ClassHeader.MacSize];
        RecordCrypto.ClassMac(_macKey, view.Authenticated, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, view.Mac))
        {
            throw new AccessDeniedException("The header's class part failed authentication: it was altered or belongs to another access class.");
        }
    }

    /// <summary>Writes the class MAC over everything before it.</summary>
    internal void Authenticate(Span<byte> classPart) => RecordCrypto.ClassMac(_macKey, classPart[..^ClassHeader.MacSize], classPart[^ClassHeader.MacSize..]);

    /// <summary>Verifies the header's class part, then unwraps the record's data key; <see cref="AccessDeniedException"/> on any mismatch.</summary>
    internal void UnwrapDataKey(RecordHeader.View view, ReadOnlySpan<byte> context, Span<byte> dataKey)
    {
        Verify(view.Class);
        if (!RecordCrypto.TryUnwrapDataKey(_wrappingKey, view.Class.Bytes, view.RecordPart, context, dataKey))
        {
            throw new AccessDeniedException("The header's record part failed authentication: it was altered, or belongs to another record, point or collection.");
        }
    }

    internal void WrapDataKey(ReadOnlySpan<byte> classPart, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<byte> dataKey, Span<byte> recordPart) =>
        RecordCrypto.WrapDataKey(_wrappingKey, classPart, recordId, context, dataKey, recordPart);
}
