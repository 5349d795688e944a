using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace VectaX.Kernels;

/// <summary>
/// AES-256 in counter mode (NIST SP 800-38A): block i of the keystream is AES_K(counter0 + i), the counter a
/// 128-bit big-endian integer. It runs on the AES instructions, eight blocks in flight: AES-NI on x64, the Arm
/// AES instructions (AESE/AESMC) on arm64. Elsewhere it encrypts the counter blocks with the in-box
/// <see cref="System.Security.Cryptography.Aes"/> in ECB mode, which is the same function. Thread-safe; dispose to zero the round keys.
/// </summary>
[SkipLocalsInit]
public sealed class AesCtr : IDisposable
{
    /// <summary>Key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Block length in bytes.</summary>
    public const int BlockSize = 16;

    private const int Rounds = 14;
    private const int Lanes = 8;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly System.Security.Cryptography.Aes? _fallback;
    private bool _disposed;

    /// <summary>Expands a 32-byte key; <paramref name="forceInBox"/> skips the AES instructions (tests cross-check both).</summary>
    public AesCtr(ReadOnlySpan<byte> key, bool forceInBox = false)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AES-256 needs a {KeySize}-byte key.", nameof(key));
        }

        _roundKeys = forceInBox ? null
            : AesNiRounds.IsSupported ? ExpandKey<AesNiRounds>(key)
            : ArmAesRounds.IsSupported ? ExpandKey<ArmAesRounds>(key)
            : null;
        if (_roundKeys is null)
        {
            _fallback = System.Security.Cryptography.Aes.Create();
            _fallback.Key = key.ToArray();
        }
    }

    /// <summary>True when this instance runs on the AES instructions (AES-NI or Arm AES).</summary>
    public bool IsHardwareAccelerated => _roundKeys is not null;

    /// <summary>Writes destination.Length / 16 keystream blocks starting at <paramref name="initialCounter"/>.</summary>
    public void Generate(ReadOnlySpan<byte> initialCounter, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (initialCounter.Length != BlockSize || destination.Length % BlockSize != 0)
        {
            throw new ArgumentException("The counter is one 16-byte block and the keystream a whole number of blocks.");
        }

        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(initialCounter);
        ulong lo = BinaryPrimitives.ReadUInt64BigEndian(initialCounter[8..]);
        if (_roundKeys is not null)
        {
            // Only one of the two is supported on a CPU, and the JIT drops the other branch.
            if (AesNiRounds.IsSupported)
            {
                GenerateOn<AesNiRounds>(_roundKeys, hi, lo, destination);
            }
            else
            {
                GenerateOn<ArmAesRounds>(_roundKeys, hi, lo, destination);
            }

            return;
        }

        for (int offset = 0; offset < destination.Length; offset += BlockSize)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], hi);
            BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + 8)..], lo);
            Increment(ref hi, ref lo);
        }

        lock (_fallback!)
        {
            _fallback.EncryptEcb(destination, destination, PaddingMode.None);
        }
    }

    /// <summary>Zeroes the expanded key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_roundKeys is not null)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_roundKeys.AsSpan()));
        }

        _fallback?.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Increment(ref ulong hi, ref ulong lo)
    {
        lo++;
        if (lo == 0)
        {
            hi++;
        }
    }

    /// <summary>The current counter as a big-endian block, then the counter advanced by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Next(ref ulong hi, ref ulong lo)
    {
        Vector128<byte> block = Vector128.Create(BinaryPrimitives.ReverseEndianness(hi), BinaryPrimitives.ReverseEndianness(lo)).AsByte();
        Increment(ref hi, ref lo);
        return block;
    }

    /// <summary>Encrypts the counter blocks with <typeparamref name="TAes"/>'s rounds, eight blocks in flight.</summary>
    private static void GenerateOn<TAes>(Vector128<byte>[] rk, ulong hi, ulong lo, Span<byte> destination)
        where TAes : struct, IAesRounds
    {
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int blocks = destination.Length / BlockSize;
        int b = 0;
        for (; b <= blocks - Lanes; b += Lanes)
        {
            // Eight independent blocks keep the AES units busy; locals, so they stay in registers.
            Vector128<byte> k0 = rk[0];
            Vector128<byte> s0 = TAes.First(Next(ref hi, ref lo), k0), s1 = TAes.First(Next(ref hi, ref lo), k0);
            Vector128<byte> s2 = TAes.First(Next(ref hi, ref lo), k0), s3 = TAes.First(Next(ref hi, ref lo), k0);
            Vector128<byte> s4 = TAes.First(Next(ref hi, ref lo), k0), s5 = TAes.First(Next(ref hi, ref lo), k0);
            Vector128<byte> s6 = TAes.First(Next(ref hi, ref lo), k0), s7 = TAes.First(Next(ref hi, ref lo), k0);
            for (int r = 1; r < Rounds - 1; r++)
            {
                Vector128<byte> key = rk[r];
                s0 = TAes.Round(s0, key);
                s1 = TAes.Round(s1, key);
                s2 = TAes.Round(s2, key);
                s3 = TAes.Round(s3, key);
                s4 = TAes.Round(s4, key);
                s5 = TAes.Round(s5, key);
                s6 = TAes.Round(s6, key);
                s7 = TAes.Round(s7, key);
            }

            Vector128<byte> k13 = rk[Rounds - 1], k14 = rk[Rounds];
            nuint at = (nuint)(b * BlockSize);
            TAes.Last(s0, k13, k14).StoreUnsafe(ref dst, at);
            TAes.Last(s1, k13, k14).StoreUnsafe(ref dst, at + 16);
            TAes.Last(s2, k13, k14).StoreUnsafe(ref dst, at + 32);
            TAes.Last(s3, k13, k14).StoreUnsafe(ref dst, at + 48);
            TAes.Last(s4, k13, k14).StoreUnsafe(ref dst, at + 64);
            TAes.Last(s5, k13, k14).StoreUnsafe(ref dst, at + 80);
            TAes.Last(s6, k13, k14).StoreUnsafe(ref dst, at + 96);
            TAes.Last(s7, k13, k14).StoreUnsafe(ref dst, at + 112);
        }

        for (; b < blocks; b++)
        {
            Vector128<byte> x = TAes.First(Next(ref hi, ref lo), rk[0]);
            for (int r = 1; r < Rounds - 1; r++)
            {
                x = TAes.Round(x, rk[r]);
            }

            TAes.Last(x, rk[Rounds - 1], rk[Rounds]).StoreUnsafe(ref dst, (nuint)(b * BlockSize));
        }
    }

    /// <summary>The round keys, with SubWord on the AES instructions, so no lookup depends on the key.</summary>
    private static Vector128<byte>[] ExpandKey<TAes>(ReadOnlySpan<byte> key)
        where TAes : struct, IAesRounds
    {
        Span<uint> w = stackalloc uint[AesKeySchedule.Words];
        AesKeySchedule.Expand<TAes>(key, w);
        var rk = new Vector128<byte>[Rounds + 1];
        for (int r = 0; r <= Rounds; r++)
        {
            rk[r] = Vector128.Create(w[(4 * r)..]).AsByte();
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(w));
        return rk;
    }
}
