using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// The authentication tag ("auth hash"): HMAC-SHA256 truncated to 128 bits (RFC 2104 allows truncation to
/// half the output) over the format version, the key parameters, the IV, the associated data (its length
/// first, so no two inputs run together) and the ciphertext's float bytes (little-endian). Checked in constant time before anything is decrypted. One keyed HMAC state per thread
/// is reused, which saves the per-call set-up of a one-shot HMAC.
/// </summary>
internal sealed class VectorTag : IDisposable
{
    public const int Size = 16;

    /// <summary>version(1) | key parameters(20) — then the IV and the ciphertext.</summary>
    public const int HeaderSize = 1 + KeySchedule.ParameterSize;

    private readonly byte[] _key;
    private readonly byte[] _header;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public VectorTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header)
    {
        _key = key.ToArray();
        _header = header.ToArray();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    public void Compute(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> ciphertext, Span<byte> tag)
    {
        IncrementalHash hmac = _hmac.Value!;
        hmac.AppendData(_header);
        hmac.AppendData(iv);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, associatedData.Length);
        hmac.AppendData(length);
        hmac.AppendData(associatedData);
        if (BitConverter.IsLittleEndian)
        {
            hmac.AppendData(MemoryMarshal.AsBytes(ciphertext));
        }
        else
        {
            Span<byte> word = stackalloc byte[sizeof(float)];
            foreach (float x in ciphertext)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(word, x);
                hmac.AppendData(word);
            }
        }

        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(full);
        full[..Size].CopyTo(tag);
        CryptographicOperations.ZeroMemory(full);
    }

    public bool Matches(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[Size];
        Compute(iv, associatedData, ciphertext, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public void Dispose()
    {
        foreach (IncrementalHash h in _hmac.Values)
        {
            h.Dispose();
        }

        _hmac.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
