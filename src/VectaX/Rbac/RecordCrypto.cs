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
    public const byte SealedVersion = 3;
    public const int GcmNonceSize = 12;
    public const int GcmTagSize = 16;
    public const int SealedOverhead = 1 + GcmNonceSize + GcmTagSize;
    private const byte HasVector = 1;
    private const int StackAad = 512;

    private static readonly byte[] s_sealedDomain = "VectaX/rbac/sealed/v3"u8.ToArray();
    private static readonly byte[] s_recordDomain = "VectaX/rbac/record/v3"u8.ToArray();

    /// <summary>An atomic key's label and key mask for one class nonce.</summary>
    public static void EntryKeystream(AesCtr atomic, ReadOnlySpan<byte> nonce, Span<byte> keystream) => atomic.Generate(nonce, keystream);

    public static ReadOnlySpan<byte> Label(ReadOnlySpan<byte> keystream) => keystream[..ClassHeaderLayout.LabelSize];

    public static ReadOnlySpan<byte> Mask(ReadOnlySpan<byte> keystream) => keystream[AesCtr.BlockSize..];

    /// <summary>Writes the wrapped data key and its tag: AES-256-GCM under the class wrapping key, bound to <paramref name="bound"/> (header bytes before the nonce) and the context.</summary>
    public static void WrapDataKey(AesGcm wrapping, ReadOnlySpan<byte> bound, ReadOnlySpan<byte> context, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> nonce, Span<byte> wrapped, Span<byte> tag)
    {
        int aadLength = s_recordDomain.Length + bound.Length + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        RecordAad(bound, context, aad);
        wrapping.Encrypt(nonce, dataKey, wrapped, tag, aad);
        Return(rented);
    }

    /// <summary>Unwraps the data key of a record header; false when any bound byte differs or the key is another class's.</summary>
    public static bool TryUnwrapDataKey(AesGcm wrapping, RecordHeader.View view, ReadOnlySpan<byte> context, Span<byte> dataKey)
    {
        int aadLength = s_recordDomain.Length + view.Bound.Length + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        RecordAad(view.Bound, context, aad);
        try
        {
            wrapping.Decrypt(view.Nonce, view.WrappedKey, view.GcmTag, dataKey, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            Return(rented);
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

    /// <summary>AES-256-GCM under the record's data key over flags | vector length | vector | payload, bound to the record id and the caller's context.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<float> vector, bool includeVector, ReadOnlySpan<byte> payload)
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
        int aadLength = s_sealedDomain.Length + recordId.Length + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        BlobAad(recordId, context, aad);
        using (var gcm = new AesGcm(dataKey, GcmTagSize))
        {
            gcm.Encrypt(nonce, body, body, sealedBlob.AsSpan(1 + GcmNonceSize, GcmTagSize), aad);
        }

        Return(rented);
        return sealedBlob;
    }

    public static OpenedRecord Open(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<byte> sealedBlob)
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
        int aadLength = s_sealedDomain.Length + recordId.Length + context.Length;
        byte[]? rented = aadLength > StackAad ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aad = rented is null ? stackalloc byte[aadLength] : rented.AsSpan(0, aadLength);
        BlobAad(recordId, context, aad);
        try
        {
            try
            {
                using var gcm = new AesGcm(dataKey, GcmTagSize);
                gcm.Decrypt(sealedBlob.Slice(1, GcmNonceSize), sealedBlob[SealedOverhead..], sealedBlob.Slice(1 + GcmNonceSize, GcmTagSize), plain.AsSpan(0, length), aad);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new AccessDeniedException("The sealed blob failed authentication: it was altered, or belongs to another record or context.");
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

    private static void RecordAad(ReadOnlySpan<byte> bound, ReadOnlySpan<byte> context, Span<byte> aad)
    {
        s_recordDomain.CopyTo(aad);
        bound.CopyTo(aad[s_recordDomain.Length..]);
        context.CopyTo(aad[(s_recordDomain.Length + bound.Length)..]);
    }

    private static void BlobAad(ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, Span<byte> aad)
    {
        s_sealedDomain.CopyTo(aad);
        recordId.CopyTo(aad[s_sealedDomain.Length..]);
        context.CopyTo(aad[(s_sealedDomain.Length + recordId.Length)..]);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
