using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// The authentication tag ("auth hash"), the tag construction of AES-GCM-SIV (RFC 8452, section 4) with the
/// 16-byte IV in place of the nonce: AES-256 under the tag PRF key of (S xor IV), S the POLYVAL under the tag
/// hash key of pad16(version | key parameters) | pad16(associated data) | pad16(ciphertext's float bytes,
/// little-endian) | le64(8 * associated data bytes) | le64(8 * ciphertext bytes). A deterministic PRF of IV and
/// message, so a reused IV forges nothing (docs/SECURITY.md gives the bound). Checked in constant time before
/// anything is decrypted.
/// </summary>
internal sealed class VectorTag : IDisposable
{
    public const int Size = 16;

    /// <summary>version(1) | key parameters(20): the same for every tag under one key.</summary>
    public const int HeaderSize = 1 + KeySchedule.ParameterSize;

    /// <summary>The POLYVAL key H.</summary>
    public const int HashKeySize = Polyval.BlockSize;

    private const int Block = Polyval.BlockSize;

    private readonly Polyval _hash;
    private readonly AesCtr _prf;

    /// <summary>The POLYVAL state after the header blocks, computed once.</summary>
    private readonly byte[] _prefix = new byte[Block];

    public VectorTag(ReadOnlySpan<byte> hashKey, ReadOnlySpan<byte> prfKey, ReadOnlySpan<byte> header)
    {
        _hash = new Polyval(hashKey);
        _prf = new AesCtr(prfKey);
        Span<byte> padded = stackalloc byte[(HeaderSize + Block - 1) / Block * Block];
        padded.Clear();
        header.CopyTo(padded);
        _hash.Update(_prefix, padded);
    }

    public void Compute(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> ciphertext, Span<byte> tag)
    {
        Span<byte> state = stackalloc byte[Block];
        _prefix.CopyTo(state);
        Absorb(state, associatedData);
        if (BitConverter.IsLittleEndian)
        {
            Absorb(state, MemoryMarshal.AsBytes(ciphertext));
        }
        else
        {
            AbsorbBigEndian(state, ciphertext);
        }

        Span<byte> lengths = stackalloc byte[Block];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)associatedData.Length * 8);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths[8..], (ulong)ciphertext.Length * sizeof(float) * 8);
        _hash.Update(state, lengths);
        for (int i = 0; i < Block; i++)
        {
            state[i] ^= iv[i];
        }

        _prf.Generate(state, tag[..Size]);
        CryptographicOperations.ZeroMemory(state);
    }

    public bool Matches(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<float> ciphertext, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[Size];
        Compute(iv, associatedData, ciphertext, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public void Dispose()
    {
        _hash.Dispose();
        _prf.Dispose();
        CryptographicOperations.ZeroMemory(_prefix);
    }

    /// <summary>The whole blocks of <paramref name="data"/>, then its rest zero-padded to a block.</summary>
    private void Absorb(Span<byte> state, ReadOnlySpan<byte> data)
    {
        int whole = data.Length & ~(Block - 1);
        _hash.Update(state, data[..whole]);
        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[Block];
            last.Clear();
            data[whole..].CopyTo(last);
            _hash.Update(state, last);
        }
    }

    /// <summary>The float bytes little-endian, four floats a block, on a big-endian CPU.</summary>
    private void AbsorbBigEndian(Span<byte> state, ReadOnlySpan<float> ciphertext)
    {
        Span<byte> block = stackalloc byte[Block];
        for (int i = 0; i < ciphertext.Length; i += Block / sizeof(float))
        {
            block.Clear();
            for (int j = i; j < Math.Min(i + (Block / sizeof(float)), ciphertext.Length); j++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(block[((j - i) * sizeof(float))..], ciphertext[j]);
            }

            _hash.Update(state, block);
        }
    }
}
