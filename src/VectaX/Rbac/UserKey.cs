using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>
/// A user's RBAC key: the atomic keys of the user's own attribute combinations at one epoch and the attributes in
/// text for inspection. It opens exactly the access classes, and so the records, whose policy the attributes
/// satisfy; anything else is an <see cref="AccessDeniedException"/>. Dispose to zero it.
/// </summary>
public sealed class UserKey : IDisposable
{
    private static readonly byte[] s_magic = "VXU"u8.ToArray();
    private const byte FormatVersion = 2;
    private const int ChecksumSize = 8;
    private const int SecretSize = 32;

    private readonly byte[] _authorityId;
    private readonly byte[][] _secrets;
    private readonly AesCtr[] _atomic;

    internal UserKey(ReadOnlySpan<byte> authorityId, uint epoch, byte[][] secrets, string attributes)
    {
        _authorityId = authorityId.ToArray();
        Epoch = epoch;
        _secrets = secrets;
        Attributes = attributes;
        _atomic = secrets.Select(s => new AesCtr(s)).ToArray();
    }

    /// <summary>The epoch the key was issued for.</summary>
    public uint Epoch { get; }

    /// <summary>The id of the issuing authority.</summary>
    public string AuthorityId => Convert.ToHexStringLower(_authorityId);

    /// <summary>The user's attributes, as canonical text.</summary>
    public string Attributes { get; }

    /// <summary>Opens a record: the exact vector and the payload, or an <see cref="AccessDeniedException"/>.</summary>
    public OpenedRecord Open(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBlob, ReadOnlySpan<byte> context = default)
    {
        using AccessClass accessClass = OpenClass(header);
        return accessClass.Open(header, sealedBlob, context);
    }

    /// <summary>
    /// Opens the access class of a class header (or of a record header's class part) when the attributes satisfy its
    /// policy: the class secret is unwrapped with a matching atomic key and the class MAC checked in constant time.
    /// </summary>
    public AccessClass OpenClass(ReadOnlySpan<byte> header)
    {
        var view = new ClassHeader.View(header[..ClassHeader.LengthAt(header)]);
        if (!view.AuthorityId.SequenceEqual(_authorityId))
        {
            throw new AccessDeniedException("The key was issued by another authority.");
        }

        if (view.Epoch != Epoch)
        {
            throw new AccessDeniedException($"The key is for epoch {Epoch}; the record is sealed at epoch {view.Epoch}.");
        }

        Span<byte> secret = stackalloc byte[ClassHeader.SecretSize];
        try
        {
            foreach (AesCtr atomic in _atomic)
            {
                if (!PolicySealer.TryUnwrap(atomic, view, secret))
                {
                    continue;
                }

                return AccessClass.Verified(view, secret);
            }

            throw new AccessDeniedException("The key's attributes do not satisfy the record's policy.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The access class of a class header when the key opens it; null when it may not (another policy, authority or epoch) or the header is altered or malformed.</summary>
    public AccessClass? TryOpenClass(ReadOnlySpan<byte> header)
    {
        try
        {
            return OpenClass(header);
        }
        catch (VectaXException)
        {
            return null;
        }
    }

    /// <summary>The key as bytes, to hand to its user. Keep it secret.</summary>
    public byte[] Export()
    {
        byte[] attributes = Encoding.UTF8.GetBytes(Attributes);
        int size = 4 + RecordHeader.AuthorityIdSize + 4 + 2 + (_secrets.Length * SecretSize) + 2 + attributes.Length + ChecksumSize;
        byte[] blob = new byte[size];
        Span<byte> b = blob;
        s_magic.CopyTo(b);
        b[3] = FormatVersion;
        _authorityId.CopyTo(b[4..]);
        int at = 4 + RecordHeader.AuthorityIdSize;
        BinaryPrimitives.WriteUInt32LittleEndian(b[at..], Epoch);
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 4)..], (ushort)_secrets.Length);
        at += 6;
        for (int i = 0; i < _secrets.Length; i++)
        {
            _secrets[i].CopyTo(b[at..]);
            at += SecretSize;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(b[at..], (ushort)attributes.Length);
        attributes.CopyTo(b[(at + 2)..]);
        SHA256.HashData(b[..^ChecksumSize])[..ChecksumSize].CopyTo(b[^ChecksumSize..]);
        return blob;
    }

    /// <summary>Reads <see cref="Export"/> output; throws <see cref="MalformedDataException"/> on anything else.</summary>
    public static UserKey Import(ReadOnlySpan<byte> blob)
    {
        const int fixedSize = 4 + RecordHeader.AuthorityIdSize + 4 + 2 + 2 + ChecksumSize;
        if (blob.Length < fixedSize || !blob[..3].SequenceEqual(s_magic))
        {
            Throw.Malformed("Not a VectaX user key: wrong length or magic.");
        }

        if (blob[3] != FormatVersion)
        {
            Throw.Malformed(blob[3] < FormatVersion
                ? $"User key version {blob[3]} is no longer read: its records' headers are refused too. Issue a new key."
                : $"Unsupported user key version {blob[3]}.");
        }

        Span<byte> checksum = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(blob[..^ChecksumSize], checksum);
        if (!CryptographicOperations.FixedTimeEquals(checksum[..ChecksumSize], blob[^ChecksumSize..]))
        {
            Throw.Malformed("The user key is corrupted: its checksum does not match.");
        }

        int at = 4 + RecordHeader.AuthorityIdSize;
        uint epoch = BinaryPrimitives.ReadUInt32LittleEndian(blob[at..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(blob[(at + 4)..]);
        at += 6;
        if (blob.Length < fixedSize + (count * SecretSize))
        {
            Throw.Malformed("The user key is truncated.");
        }

        var secrets = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            secrets[i] = blob.Slice(at, SecretSize).ToArray();
            at += SecretSize;
        }

        int textLength = BinaryPrimitives.ReadUInt16LittleEndian(blob[at..]);
        if (at + 2 + textLength + ChecksumSize != blob.Length)
        {
            Throw.Malformed("The user key length does not match its contents.");
        }

        return new UserKey(blob.Slice(4, RecordHeader.AuthorityIdSize), epoch, secrets, Encoding.UTF8.GetString(blob.Slice(at + 2, textLength)));
    }

    /// <summary>The key as base64.</summary>
    public string ToBase64() => Base64Blob.EncodeAndClear(Export());

    /// <summary>Reads <see cref="ToBase64"/> output.</summary>
    public static UserKey FromBase64(string base64) => Base64Blob.DecodeSecret(base64, "user key", blob => Import(blob));

    /// <summary>Zeroes the atomic keys.</summary>
    public void Dispose()
    {
        foreach (byte[] s in _secrets)
        {
            CryptographicOperations.ZeroMemory(s);
        }

        foreach (AesCtr a in _atomic)
        {
            a.Dispose();
        }
    }

    /// <summary>Public parts only: authority, epoch, attributes, number of combinations.</summary>
    public override string ToString() => $"UserKey(authority={AuthorityId}, epoch={Epoch}, attributes={Attributes}, combinations={_secrets.Length})";
}
