using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>The symmetric pieces shared by sealing, re-wrapping and opening a record.</summary>
internal static class RecordCrypto
{
    public const int KeystreamSize = 3 * AesCtr.BlockSize; // label block, then two blocks of key mask
    public const byte SealedVersion = 4;
    public const int GcmNonceSize = 12;
    public const int GcmTagSize = 16;
    public const int SealedOverhead = 1 + GcmNonceSize + GcmTagSize;
    private const byte HasVector = 1;
    private const int StackAad = 512;

    private static readonly byte[] s_sealedDomain = "VectaX/rbac/sealed/v4"u8.ToArray();
    private static readonly byte[] s_keyDomain = "VectaX/rbac/data-key/v4"u8.ToArray();

    /// <summary>What the blob binds of its header besides the context: version, authority id, record id (not the epoch, class tag or wrapped key, which a lazy re-wrap changes).</summary>
    private const int HeaderBoundSize = 1 + RecordHeader.AuthorityIdSize + RecordHeader.RecordIdSize;

    /// <summary>An atomic key's label and key mask for one class nonce.</summary>
    public static void EntryKeystream(AesCtr atomic, ReadOnlySpan<byte> nonce, Span<byte> keystream) => atomic.Generate(nonce, keystream);

    public static ReadOnlySpan<byte> Label(ReadOnlySpan<byte> keystream) => keystream[..ClassHeaderLayout.LabelSize];

    public static ReadOnlySpan<byte> Mask(ReadOnlySpan<byte> keystream) => keystream[AesCtr.BlockSize..];

    /// <summary>Writes a wrapped data key (fresh nonce, key, tag): AES-256-GCM under the class wrapping key, bound to the header's class part.</summary>
    public static void WrapDataKey(AesGcm wrapping, ReadOnlySpan<byte> classPart, ReadOnlySpan<byte> dataKey, Span<byte> wrapped)
    {
        Span<byte> aad = stackalloc byte[s_keyDomain.Length + RecordHeader.RecordIdOffset];
        KeyAad(classPart, aad);
        Span<byte> nonce = wrapped[..GcmNonceSize];
        SecretRandom.Fill(nonce);
        wrapping.Encrypt(nonce, dataKey, wrapped.Slice(GcmNonceSize, RecordHeader.DataKeySize), wrapped[^GcmTagSize..], aad);
    }

    /// <summary>Unwraps the data key of a record header; false when its class part or wrapped key was altered, or it is another class's.</summary>
    public static bool TryUnwrapDataKey(AesGcm wrapping, RecordHeader.View view, Span<byte> dataKey)
    {
        Span<byte> aad = stackalloc byte[s_keyDomain.Length + RecordHeader.RecordIdOffset];
        KeyAad(view.ClassPart, aad);
        ReadOnlySpan<byte> wrapped = view.Wrapped;
        try
        {
            wrapping.Decrypt(wrapped[..GcmNonceSize], wrapped.Slice(GcmNonceSize, RecordHeader.DataKeySize), wrapped[^GcmTagSize..], dataKey, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>HMAC-SHA256 truncated to the class MAC size.</summary>
    public static void ClassMac(ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(macKey, authenticated, full);
        full[..ClassHeaderLayout.MacSize].CopyTo(tag);
    }

    public static int SealedSize(int vectorLength, int payloadLength) => SealedOverhead + 1 + 4 + (4 * vectorLength) + payloadLength;

    /// <summary>
    /// AES-256-GCM under the sealer's data key (<paramref name="dataKey"/>, used by this thread alone) with a fresh
    /// random nonce, over flags | vector length | vector | payload, bound to <paramref name="header"/>'s version,
    /// authority and record id and to the caller's context.
    /// </summary>
    public static byte[] Seal(AesGcm dataKey, ReadOnlySpan<byte> header, ReadOnlySpan<byte> context, ReadOnlySpan<float> vector, bool includeVector, ReadOnlySpan<byte> payload)
    {
        int floats = includeVector ? vector.Length : 0;
        byte[] sealedBlob = new byte[SealedSize(floats, payload.Length)];

        // The plaintext is laid out where its ciphertext goes and encrypted in place: no second buffer to zero.
        Span<byte> body = sealedBlob.AsSpan(SealedOverhead);
        body[0] = includeVector ? HasVector : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(body[1..], floats);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector[..floats]).CopyTo(body[5..]);
        }
        else
        {
            for (int i = 0; i < floats; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(body[(5 + (4 * i))..], vector[i]);
            }
        }

        payload.CopyTo(body[(5 + (4 * floats))..]);
        sealedBlob[0] = SealedVersion;
        Span<byte> nonce = sealedBlob.AsSpan(1, GcmNonceSize);
        SecretRandom.Fill(nonce);
        int aadLength = s_sealedDomain.Length + HeaderBoundSize + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        BlobAad(header, context, aad);
        dataKey.Encrypt(nonce, body, body, sealedBlob.AsSpan(1 + GcmNonceSize, GcmTagSize), aad);
        Return(rented);
        return sealedBlob;
    }

    /// <summary>Opens a blob under its data key (used by this thread alone) for the record header <paramref name="header"/>; <see cref="AccessDeniedException"/> when it fails its tag.</summary>
    public static OpenedRecord Open(AesGcm dataKey, ReadOnlySpan<byte> header, ReadOnlySpan<byte> context, ReadOnlySpan<byte> sealedBlob)
    {
        if (sealedBlob.Length < SealedOverhead + 5)
        {
            Throw.Malformed("The sealed blob is truncated.");
        }

        if (sealedBlob[0] != SealedVersion)
        {
            Throw.Malformed(sealedBlob[0] < SealedVersion
                ? $"Sealed blob version {sealedBlob[0]} is no longer read: re-seal the record with this version (see docs/SECURITY.md)."
                : $"Unsupported sealed blob version {sealedBlob[0]}.");
        }

        int length = sealedBlob.Length - SealedOverhead;
        byte[] plain = ArrayPool<byte>.Shared.Rent(length);
        int aadLength = s_sealedDomain.Length + HeaderBoundSize + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        BlobAad(header, context, aad);
        try
        {
            try
            {
                dataKey.Decrypt(sealedBlob.Slice(1, GcmNonceSize), sealedBlob[SealedOverhead..], sealedBlob.Slice(1 + GcmNonceSize, GcmTagSize), plain.AsSpan(0, length), aad);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new AccessDeniedException("The sealed blob failed authentication: it was altered, or belongs to another record, context or data key.");
            }

            return Parse(plain.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(plain);
            Return(rented);
        }
    }

    private static OpenedRecord Parse(ReadOnlySpan<byte> plain)
    {
        int floats = BinaryPrimitives.ReadInt32LittleEndian(plain[1..]);
        if (plain[0] > HasVector || floats < 0 || (plain[0] == 0 && floats != 0) || 5L + (4L * floats) > plain.Length)
        {
            Throw.Malformed("The sealed blob's contents are inconsistent.");
        }

        float[]? vector = null;
        if (plain[0] == HasVector)
        {
            vector = new float[floats];
            if (BitConverter.IsLittleEndian)
            {
                plain.Slice(5, 4 * floats).CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            else
            {
                for (int i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(plain[(5 + (4 * i))..]);
                }
            }
        }

        return new OpenedRecord(vector, plain[(5 + (4 * floats))..].ToArray());
    }

    private static void KeyAad(ReadOnlySpan<byte> classPart, Span<byte> aad)
    {
        s_keyDomain.CopyTo(aad);
        classPart.CopyTo(aad[s_keyDomain.Length..]);
    }

    private static void BlobAad(ReadOnlySpan<byte> header, ReadOnlySpan<byte> context, Span<byte> aad)
    {
        s_sealedDomain.CopyTo(aad);
        Span<byte> bound = aad[s_sealedDomain.Length..];
        bound[0] = header[0];
        header.Slice(1, RecordHeader.AuthorityIdSize).CopyTo(bound[1..]);
        header.Slice(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize).CopyTo(bound[(1 + RecordHeader.AuthorityIdSize)..]);
        context.CopyTo(bound[HeaderBoundSize..]);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
