using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// The authentication tag ("auth hash"): HMAC-SHA256 truncated to 128 bits (RFC 2104 allows truncation to
/// half the output) over the format version, the key parameters, the IV and the ciphertext's float bytes
/// (little-endian). Checked in constant time before anything is decrypted.
/// </summary>
internal static class VectorTag
{
    public const int Size = 16;

    /// <summary>version(1) | key parameters(20) — then the IV and the ciphertext.</summary>
    public const int HeaderSize = 1 + KeySchedule.ParameterSize;

    public static int MessageBytes(int dimension) => HeaderSize + EncryptedVectorFormat.IvSize + (dimension * sizeof(float));

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> iv, ReadOnlySpan<float> ciphertext, Span<byte> message, Span<byte> tag)
    {
        header.CopyTo(message);
        iv.CopyTo(message[HeaderSize..]);
        ReadOnlySpan<byte> body = MemoryMarshal.AsBytes(ciphertext);
        if (BitConverter.IsLittleEndian)
        {
            body.CopyTo(message[(HeaderSize + iv.Length)..]);
        }
        else
        {
            Span<int> words = MemoryMarshal.Cast<byte, int>(message[(HeaderSize + iv.Length)..]);
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(ciphertext), words);
        }

        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, full);
        full[..Size].CopyTo(tag);
    }

    public static bool Matches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> iv, ReadOnlySpan<float> ciphertext, Span<byte> message, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[Size];
        Compute(key, header, iv, ciphertext, message, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
