using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Fresh IVs, unique by construction: block i of AES-256-CTR under a random per-process key, from a random
/// starting counter, i drawn from an atomic counter. AES is a permutation, so two IVs from this process never
/// collide, and they look random; asking the OS for 16 bytes a vector would cost microseconds.
/// </summary>
internal static class IvSource
{
    private static readonly AesCtr s_prp = CreatePrp();
    private static readonly ulong s_prefix = RandomWord();
    private static long s_counter;

    /// <summary>Fills <paramref name="ivs"/> (a multiple of 16 bytes) with distinct IVs.</summary>
    public static void Fill(Span<byte> ivs)
    {
        int count = ivs.Length / AesCtr.BlockSize;
        long first = Interlocked.Add(ref s_counter, count) - count;
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        BinaryPrimitives.WriteUInt64BigEndian(counter, s_prefix);
        BinaryPrimitives.WriteUInt64BigEndian(counter[8..], (ulong)first);
        s_prp.Generate(counter, ivs);
    }

    private static AesCtr CreatePrp()
    {
        Span<byte> key = stackalloc byte[AesCtr.KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new AesCtr(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static ulong RandomWord()
    {
        Span<byte> b = stackalloc byte[8];
        RandomNumberGenerator.Fill(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}
