using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Random bytes for keys, nonces and IVs from AES-256-CTR under a key drawn once from the OS, with a random
/// starting counter and an atomic block counter: a CTR-mode generator in the manner of NIST SP 800-90A CTR_DRBG.
/// No counter block is used twice, and AES is a permutation, so two 16-byte IVs from this process never
/// collide. The OS is asked once, not once per vector, which would cost microseconds a call.
/// </summary>
internal static class SecretRandom
{
    private static readonly AesCtr s_aes = Create(out s_prefix);
    private static readonly ulong s_prefix;
    private static long s_counter;

    /// <summary>Fills <paramref name="destination"/> with fresh random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        int blocks = (destination.Length + AesCtr.BlockSize - 1) / AesCtr.BlockSize;
        long first = Interlocked.Add(ref s_counter, blocks) - blocks;
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        BinaryPrimitives.WriteUInt64BigEndian(counter, s_prefix);
        BinaryPrimitives.WriteUInt64BigEndian(counter[8..], (ulong)first);
        if (destination.Length % AesCtr.BlockSize == 0)
        {
            s_aes.Generate(counter, destination);
            return;
        }

        Span<byte> whole = stackalloc byte[blocks * AesCtr.BlockSize];
        s_aes.Generate(counter, whole);
        whole[..destination.Length].CopyTo(destination);
        CryptographicOperations.ZeroMemory(whole);
    }

    private static AesCtr Create(out ulong prefix)
    {
        Span<byte> seed = stackalloc byte[AesCtr.KeySize + sizeof(ulong)];
        RandomNumberGenerator.Fill(seed);
        try
        {
            prefix = BinaryPrimitives.ReadUInt64LittleEndian(seed[AesCtr.KeySize..]);
            return new AesCtr(seed[..AesCtr.KeySize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
