using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Rbac;

/// <summary>The symmetric pieces shared by sealing, re-wrapping and opening a record.</summary>
internal static class RecordCrypto
{
    public const int KeystreamSize = 3 * AesCtr.BlockSize; // label block, then two blocks of key mask
    public const byte SealedVersion = 2;
    public const int GcmNonceSize = 12;
    public const int GcmTagSize = 16;
    public const int SealedOverhead = 1 + GcmNonceSize + GcmTagSize;
    private const byte HasVector = 1;

    private static readonly byte[] s_sealedDomain = "VectaX/rbac/sealed/v2"u8.ToArray();
    private static readonly byte[] s_recordDomain = "VectaX/rbac/record/v2"u8.ToArray();

    /// <summary>An atomic key's label and key mask for one header nonce.</summary>
    public static void EntryKeystream(AesCtr atomic, ReadOnlySpan<byte> nonce, Span<byte> keystream) => atomic.Generate(nonce, keystream);

    public static ReadOnlySpan<byte> Label(ReadOnlySpan<byte> keystream) => keystream[..ClassHeader.LabelSize];

    public static ReadOnlySpan<byte> Mask(ReadOnlySpan<byte> keystream) => keystream[AesCtr.BlockSize..];

    /// <summary>The sealed blob's AES-256-GCM key, from the record's data key (AES-256-CTR of a zero block pair).</summary>
    public static void BlobKey(ReadOnlySpan<byte> dataKey, Span<byte> gcmKey)
    {
        using var aes = new AesCtr(dataKey);
        aes.Generate(stackalloc byte[AesCtr.BlockSize], gcmKey);
    }

    /// <summary>Writes the record part: the data key under the class wrapping key, bound to the class part, the record id and the context.</summary>
    public static void WrapDataKey(ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> classPart, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<byte> dataKey, Span<byte> recordPart)
    {
        recordId.CopyTo(recordPart);
        Span<byte> nonce = recordPart.Slice(RecordHeader.RecordIdSize, GcmNonceSize);
        SecretRandom.Fill(nonce);
        using var gcm = new AesGcm(wrappingKey, GcmTagSize);
        gcm.Encrypt(nonce, dataKey, recordPart.Slice(RecordHeader.RecordIdSize + GcmNonceSize, RecordHeader.DataKeySize), recordPart[^GcmTagSize..], RecordAad(classPart, recordId, context));
    }

    /// <summary>Unwraps the data key from a record part; false when any bound byte differs or the key is another class's.</summary>
    public static bool TryUnwrapDataKey(ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> classPart, ReadOnlySpan<byte> recordPart, ReadOnlySpan<byte> context, Span<byte> dataKey)
    {
        ReadOnlySpan<byte> recordId = recordPart[..RecordHeader.RecordIdSize];
        try
        {
            using var gcm = new AesGcm(wrappingKey, GcmTagSize);
            gcm.Decrypt(recordPart.Slice(RecordHeader.RecordIdSize, GcmNonceSize), recordPart.Slice(RecordHeader.RecordIdSize + GcmNonceSize, RecordHeader.DataKeySize), recordPart[^GcmTagSize..], dataKey, RecordAad(classPart, recordId, context));
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
        full[..ClassHeader.MacSize].CopyTo(tag);
    }

    public static int SealedSize(int vectorLength, int payloadLength) => SealedOverhead + 1 + 4 + (4 * vectorLength) + payloadLength;

    /// <summary>AES-256-GCM over flags | vector length | vector | payload, bound to the record id and the caller's context.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> gcmKey, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<float> vector, bool includeVector, ReadOnlySpan<byte> payload)
    {
        int floats = includeVector ? vector.Length : 0;
        byte[] sealedBlob = new byte[SealedSize(floats, payload.Length)];
        byte[] plain = new byte[1 + 4 + (4 * floats) + payload.Length];
        try
        {
            plain[0] = includeVector ? HasVector : (byte)0;
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(1), floats);
            for (int i = 0; i < floats; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(plain.AsSpan(5 + (4 * i)), vector[i]);
            }

            payload.CopyTo(plain.AsSpan(5 + (4 * floats)));
            sealedBlob[0] = SealedVersion;
            Span<byte> nonce = sealedBlob.AsSpan(1, GcmNonceSize);
            SecretRandom.Fill(nonce);
            using var gcm = new AesGcm(gcmKey, GcmTagSize);
            gcm.Encrypt(nonce, plain, sealedBlob.AsSpan(SealedOverhead), sealedBlob.AsSpan(1 + GcmNonceSize, GcmTagSize), Aad(recordId, context));
            return sealedBlob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public static OpenedRecord Open(ReadOnlySpan<byte> gcmKey, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context, ReadOnlySpan<byte> sealedBlob)
    {
        if (sealedBlob.Length < SealedOverhead + 5)
        {
            Throw.Malformed("The sealed blob is truncated.");
        }

        if (sealedBlob[0] != SealedVersion)
        {
            Throw.Malformed($"Unsupported sealed blob version {sealedBlob[0]}.");
        }

        byte[] plain = new byte[sealedBlob.Length - SealedOverhead];
        try
        {
            using (var gcm = new AesGcm(gcmKey, GcmTagSize))
            {
                gcm.Decrypt(sealedBlob.Slice(1, GcmNonceSize), sealedBlob[SealedOverhead..], sealedBlob.Slice(1 + GcmNonceSize, GcmTagSize), plain, Aad(recordId, context));
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new AccessDeniedException("The sealed blob failed authentication: it was altered, or belongs to another record or context.");
        }

        int floats = BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(1));
        if (plain[0] > HasVector || floats < 0 || (plain[0] == 0 && floats != 0) || 5L + (4L * floats) > plain.Length)
        {
            Throw.Malformed("The sealed blob's contents are inconsistent.");
        }

        float[]? vector = plain[0] == HasVector ? MemoryMarshal.Cast<byte, float>(plain.AsSpan(5, 4 * floats)).ToArray() : null;
        if (vector is not null && !BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(plain.AsSpan(5 + (4 * i)));
            }
        }

        var result = new OpenedRecord(vector, plain.AsSpan(5 + (4 * floats)).ToArray());
        CryptographicOperations.ZeroMemory(plain);
        return result;
    }

    private static byte[] RecordAad(ReadOnlySpan<byte> classPart, ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context)
    {
        byte[] aad = new byte[s_recordDomain.Length + SHA256.HashSizeInBytes + recordId.Length + context.Length];
        s_recordDomain.CopyTo(aad, 0);
        SHA256.HashData(classPart, aad.AsSpan(s_recordDomain.Length));
        recordId.CopyTo(aad.AsSpan(s_recordDomain.Length + SHA256.HashSizeInBytes));
        context.CopyTo(aad.AsSpan(s_recordDomain.Length + SHA256.HashSizeInBytes + recordId.Length));
        return aad;
    }

    private static byte[] Aad(ReadOnlySpan<byte> recordId, ReadOnlySpan<byte> context)
    {
        byte[] aad = new byte[s_sealedDomain.Length + recordId.Length + context.Length];
        s_sealedDomain.CopyTo(aad, 0);
        recordId.CopyTo(aad.AsSpan(s_sealedDomain.Length));
        context.CopyTo(aad.AsSpan(s_sealedDomain.Length + recordId.Length));
        return aad;
    }
}
