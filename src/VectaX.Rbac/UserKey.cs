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
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const byte FormatVersion = 2;
    private const int SecretSize = 32;

    private readonly byte[] _authorityId;
    private readonly byte[][] _secrets;
    private readonly AesCtr[] _atomic;
    private readonly ClassCache _cache = new();

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

    /// <summary>
    /// How long <see cref="OpenClassCached"/> remembers a class the key may not open (default 5 minutes; zero: never).
    /// Past it the class is tried again: a denial can rest on an entry table an operator altered, and must not outlast
    /// its repair.
    /// </summary>
    public TimeSpan DenialLifetime
    {
        get => _cache.DenialLifetime;
        set => _cache.DenialLifetime = value;
    }

    /// <summary>The clock the class cache's denials age by (tests move it by hand).</summary>
    internal TimeProvider Clock
    {
        get => _cache.Clock;
        set => _cache.Clock = value;
    }

    /// <summary>Opens a record given its class header (through this key's class cache): the exact vector and the payload, or an <see cref="AccessDeniedException"/>.</summary>
    public OpenedRecord Open(ReadOnlySpan<byte> classHeader, ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> sealedBlob, ReadOnlySpan<byte> context = default)
    {
        var view = new ClassHeaderLayout.View(classHeader, needEntries: false);
        AccessClass? known = ClassOfRecord(view.Core, recordHeader);
        if (known is null)
        {
            CheckIssuer(view);
            known = OpenClassCached(classHeader) ?? throw new AccessDeniedException("The key's attributes do not satisfy the record's policy.");
        }

        return known.Open(recordHeader, sealedBlob, context);
    }

    /// <summary>Opens a record as sealed (its class header, header and blob); see <see cref="Open(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    public OpenedRecord Open(SealedRecord record, ReadOnlySpan<byte> context = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Open(record.ClassHeader.Span, record.Header, record.Sealed, context);
    }

    /// <summary>
    /// Opens the access class of a class header when the attributes satisfy its policy: each of the key's combinations
    /// computes its label for the header's nonce and looks it up in the sorted entry table (one AES block and a binary
    /// search each); a match unwraps the class secret, and the class MAC is checked in constant time. The caller
    /// disposes the class.
    /// </summary>
    public AccessClass OpenClass(ReadOnlySpan<byte> classHeader)
    {
        var view = new ClassHeaderLayout.View(classHeader, needEntries: true);
        CheckIssuer(view);
        return Unwrap(view, out bool altered) ?? throw new AccessDeniedException(altered
            ? "The class header failed authentication: it was altered or belongs to another access class."
            : "The key's attributes do not satisfy the record's policy.");
    }

    /// <summary>The access class of a class header when the key opens it; null when it may not (another policy, authority or epoch) or the header is altered or malformed.</summary>
    public AccessClass? TryOpenClass(ReadOnlySpan<byte> classHeader)
    {
        try
        {
            return OpenClass(classHeader);
        }
        catch (VectaXException)
        {
            return null;
        }
    }

    /// <summary>
    /// <see cref="TryOpenClass"/> through this key's class cache: each class header (by its core) is tried once, and the
    /// class kept until the key is disposed, which zeroes every class kept; a denial is kept for
    /// <see cref="DenialLifetime"/>. Null when the key may not open it. The class belongs to the cache: disposing it
    /// does nothing.
    /// </summary>
    public AccessClass? OpenClassCached(ReadOnlySpan<byte> classHeader)
    {
        var view = new ClassHeaderLayout.View(classHeader, needEntries: false);
        string key = ClassCache.KeyOf(view.Core);
        if (_cache.TryGet(key, out AccessClass? known))
        {
            return known;
        }

        // A header of another authority or epoch, or whose entries none of the key's labels finds, stays closed to
        // this key: remembered for the denial lifetime (the entries are not under the MAC: they may be altered). One
        // that matched but failed its MAC (altered) is not remembered, so a repaired header opens.
        view = new ClassHeaderLayout.View(classHeader, needEntries: true);
        bool altered = false;
        AccessClass? opened = view.AuthorityId.SequenceEqual(_authorityId) && view.Epoch == Epoch ? Unwrap(view, out altered) : null;
        if (altered)
        {
            return null;
        }

        return _cache.Add(key, view.Core, opened);
    }

    /// <summary>
    /// Whether the cache already knows the class of a class header's core (the entries are not needed): true with the
    /// class, or null when the key was denied it within <see cref="DenialLifetime"/>; false when it was not tried (or
    /// the denial is older), and the whole header is needed.
    /// </summary>
    public bool TryGetCachedClass(ReadOnlySpan<byte> classCore, out AccessClass? accessClass)
    {
        var view = new ClassHeaderLayout.View(classCore, needEntries: false);
        return _cache.TryGet(ClassCache.KeyOf(view.Core), out accessClass);
    }

    /// <summary>The cached class a record header names by its tag, when opened from exactly <paramref name="core"/>; null otherwise.</summary>
    private AccessClass? ClassOfRecord(ReadOnlySpan<byte> core, ReadOnlySpan<byte> recordHeader)
    {
        ReadOnlySpan<byte> tag = RecordHeader.ClassTagOrEmpty(recordHeader);
        return tag.IsEmpty ? null : _cache.ForRecord(tag, core);
    }

    /// <summary>Typed denials for a header of another authority or epoch, before any entry is looked at.</summary>
    private void CheckIssuer(ClassHeaderLayout.View view)
    {
        if (!view.AuthorityId.SequenceEqual(_authorityId))
        {
            throw new AccessDeniedException("The key was issued by another authority.");
        }

        if (view.Epoch != Epoch)
        {
            throw new AccessDeniedException($"The key is for epoch {Epoch}; the record is sealed at epoch {view.Epoch}.");
        }
    }

    /// <summary>The class whose entry one of the key's labels finds and whose MAC then checks; null when none does (<paramref name="altered"/>: a label matched, the MAC failed).</summary>
    private AccessClass? Unwrap(ClassHeaderLayout.View view, out bool altered)
    {
        Span<byte> keystream = stackalloc byte[RecordCrypto.KeystreamSize];
        Span<byte> secret = stackalloc byte[ClassHeaderLayout.SecretSize];
        altered = false;
        try
        {
            foreach (AesCtr atomic in _atomic)
            {
                atomic.Generate(view.Nonce, keystream[..AesCtr.BlockSize]);
                int slot = view.Find(BinaryPrimitives.ReadUInt64BigEndian(keystream));
                if (slot < 0)
                {
                    continue;
                }

                RecordCrypto.EntryKeystream(atomic, view.Nonce, keystream);
                ReadOnlySpan<byte> entry = view.Entry(slot);
                ReadOnlySpan<byte> mask = RecordCrypto.Mask(keystream);
                for (int b = 0; b < ClassHeaderLayout.SecretSize; b++)
                {
                    secret[b] = (byte)(entry[ClassHeaderLayout.LabelSize + b] ^ mask[b]);
                }

                try
                {
                    return AccessClass.Verified(view, secret);
                }
                catch (AccessDeniedException)
                {
                    // An altered entry or core: another of the key's combinations may still hold a good entry.
                    altered = true;
                }
            }

            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The key as bytes, a <see cref="SecretEnvelope"/>, to hand to its user. Keep it secret.</summary>
    public byte[] Export()
    {
        byte[] attributes = Encoding.UTF8.GetBytes(Attributes);
        byte[] body = new byte[RecordHeader.AuthorityIdSize + 4 + 2 + (_secrets.Length * SecretSize) + 2 + attributes.Length];
        Span<byte> b = body;
        try
        {
            _authorityId.CopyTo(b);
            int at = RecordHeader.AuthorityIdSize;
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
            return SecretEnvelope.Seal(s_magic, FormatVersion, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>Reads <see cref="Export"/> output; throws <see cref="MalformedDataException"/> on anything else.</summary>
    public static UserKey Import(ReadOnlySpan<byte> blob)
    {
        const int fixedSize = 4 + RecordHeader.AuthorityIdSize + 4 + 2 + 2 + SecretEnvelope.ChecksumSize;
        if (blob.Length < fixedSize)
        {
            throw new MalformedDataException("Not a VectaX user key: wrong length or magic.", EnvelopeFault.Truncated);
        }

        SecretEnvelope.Open(blob, s_magic, FormatVersion, "user key", $"User key version {blob[3]} is no longer read: its records' headers are refused too. Issue a new key.");
        int at = 4 + RecordHeader.AuthorityIdSize;
        uint epoch = BinaryPrimitives.ReadUInt32LittleEndian(blob[at..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(blob[(at + 4)..]);
        at += 6;
        if (blob.Length < fixedSize + (count * SecretSize))
        {
            throw new MalformedDataException("The user key is truncated.", EnvelopeFault.Truncated);
        }

        var secrets = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            secrets[i] = blob.Slice(at, SecretSize).ToArray();
            at += SecretSize;
        }

        int textLength = BinaryPrimitives.ReadUInt16LittleEndian(blob[at..]);
        if (at + 2 + textLength + SecretEnvelope.ChecksumSize != blob.Length)
        {
            throw new MalformedDataException("The user key length does not match its contents.", EnvelopeFault.Truncated);
        }

        string attributes;
        try
        {
            attributes = s_strictUtf8.GetString(blob.Slice(at + 2, textLength));
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedDataException("The user key's attribute text is not valid UTF-8.");
        }

        return new UserKey(blob.Slice(4, RecordHeader.AuthorityIdSize), epoch, secrets, attributes);
    }

    /// <summary>The key as base64.</summary>
    public string ToBase64() => Base64Blob.EncodeAndClear(Export());

    /// <summary>Reads <see cref="ToBase64"/> output.</summary>
    public static UserKey FromBase64(string base64) => Base64Blob.DecodeSecret(base64, "user key", blob => Import(blob));

    /// <summary>Zeroes the atomic keys and every access class in the key's cache.</summary>
    public void Dispose()
    {
        _cache.Dispose();
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
