using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Random bytes for IVs and nonces: AES-256-CTR under a key drawn from the OS, from a random 64-bit prefix and a
/// block counter, in the manner of NIST SP 800-90A CTR_DRBG. The key is replaced by a fresh one from the OS every
/// <see cref="ReseedBlocks"/> blocks, so a key that leaks from memory exposes at most that much output, before or
/// after. The OS is asked once per reseed, not once per vector, which would cost a system call a vector. Secret
/// keys (vector keys, RBAC data keys) come from <see cref="RandomNumberGenerator"/> directly, not from here.
/// </summary>
/// <remarks>
/// .NET offers no fork() that keeps running managed code, so two processes never share this state; each process
/// seeds its own generator on first use.
/// </remarks>
public static class SecretRandom
{
    /// <summary>Blocks (16 MiB) served under one key before the next is drawn.</summary>
    public const long ReseedBlocks = 1L << 20;

    private static readonly Lock s_gate = new();
    private static AesCtr s_aes = null!;
    private static ulong s_prefix;
    private static long s_used = ReseedBlocks;
    private static long s_generation;

    /// <summary>How many keys this process has drawn from the OS so far (tests read it).</summary>
    public static long Generation => Volatile.Read(ref s_generation);

    /// <summary>Fills <paramref name="destination"/> with fresh random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        int blocks = (destination.Length + AesCtr.BlockSize - 1) / AesCtr.BlockSize;
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        Span<byte> tail = stackalloc byte[AesCtr.BlockSize];
        int whole = destination.Length - (destination.Length % AesCtr.BlockSize);
        lock (s_gate)
        {
            if (s_used + blocks > ReseedBlocks)
            {
                Reseed();
            }

            BinaryPrimitives.WriteUInt64BigEndian(counter, s_prefix);
            BinaryPrimitives.WriteUInt64BigEndian(counter[8..], (ulong)s_used);
            s_used += blocks;
            s_aes.Generate(counter, destination[..whole]);
            if (whole < destination.Length)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counter[8..], (ulong)(s_used - 1));
                s_aes.Generate(counter, tail);
            }
        }

        tail[..(destination.Length - whole)].CopyTo(destination[whole..]);
        CryptographicOperations.ZeroMemory(tail);
    }

    /// <summary>A fresh key and prefix from the OS; the old key's round keys are zeroed (callers hold the gate).</summary>
    private static void Reseed()
    {
        Span<byte> seed = stackalloc byte[AesCtr.KeySize + sizeof(ulong)];
        RandomNumberGenerator.Fill(seed);
        try
        {
            s_aes?.Dispose();
            s_aes = new AesCtr(seed[..AesCtr.KeySize]);
            s_prefix = BinaryPrimitives.ReadUInt64LittleEndian(seed[AesCtr.KeySize..]);
            s_used = 0;
            Interlocked.Increment(ref s_generation);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
