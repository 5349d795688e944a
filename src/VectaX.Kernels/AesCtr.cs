using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace VectaX.Kernels;

/// <summary>
/// AES-256 in counter mode (NIST SP 800-38A): block i of the keystream is AES_K(counter0 + i), the counter a
/// 128-bit big-endian integer. On x64 it runs on the AES-NI instructions, eight blocks in flight; elsewhere
/// it encrypts the counter blocks with the in-box <see cref="System.Security.Cryptography.Aes"/> in ECB mode,
/// which is the same function. Thread-safe; dispose to zero the round keys.
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

    /// <summary>Expands a 32-byte key; <paramref name="forceInBox"/> skips AES-NI (tests cross-check both).</summary>
    public AesCtr(ReadOnlySpan<byte> key, bool forceInBox = false)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AES-256 needs a {KeySize}-byte key.", nameof(key));
        }

        if (AesNi.IsSupported && !forceInBox)
        {
            _roundKeys = ExpandKey(key);
        }
        else
        {
            _fallback = System.Security.Cryptography.Aes.Create();
            _fallback.Key = key.ToArray();
        }
    }

    /// <summary>True when this instance runs on the AES-NI instructions.</summary>
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
            GenerateAesNi(_roundKeys, hi, lo, destination);
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

    private static void GenerateAesNi(Vector128<byte>[] rk, ulong hi, ulong lo, Span<byte> destination)
    {
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int blocks = destination.Length / BlockSize;
        int b = 0;
        for (; b <= blocks - Lanes; b += Lanes)
        {
            // Eight independent blocks keep the AES units busy; locals, so they stay in registers.
            Vector128<byte> k0 = rk[0];
            Vector128<byte> s0 = Next(ref hi, ref lo) ^ k0, s1 = Next(ref hi, ref lo) ^ k0;
            Vector128<byte> s2 = Next(ref hi, ref lo) ^ k0, s3 = Next(ref hi, ref lo) ^ k0;
            Vector128<byte> s4 = Next(ref hi, ref lo) ^ k0, s5 = Next(ref hi, ref lo) ^ k0;
            Vector128<byte> s6 = Next(ref hi, ref lo) ^ k0, s7 = Next(ref hi, ref lo) ^ k0;
            for (int r = 1; r < Rounds; r++)
            {
                Vector128<byte> key = rk[r];
                s0 = AesNi.Encrypt(s0, key);
                s1 = AesNi.Encrypt(s1, key);
                s2 = AesNi.Encrypt(s2, key);
                s3 = AesNi.Encrypt(s3, key);
                s4 = AesNi.Encrypt(s4, key);
                s5 = AesNi.Encrypt(s5, key);
                s6 = AesNi.Encrypt(s6, key);
                s7 = AesNi.Encrypt(s7, key);
            }

            Vector128<byte> last = rk[Rounds];
            nuint at = (nuint)(b * BlockSize);
            AesNi.EncryptLast(s0, last).StoreUnsafe(ref dst, at);
            AesNi.EncryptLast(s1, last).StoreUnsafe(ref dst, at + 16);
            AesNi.EncryptLast(s2, last).StoreUnsafe(ref dst, at + 32);
            AesNi.EncryptLast(s3, last).StoreUnsafe(ref dst, at + 48);
            AesNi.EncryptLast(s4, last).StoreUnsafe(ref dst, at + 64);
            AesNi.EncryptLast(s5, last).StoreUnsafe(ref dst, at + 80);
            AesNi.EncryptLast(s6, last).StoreUnsafe(ref dst, at + 96);
            AesNi.EncryptLast(s7, last).StoreUnsafe(ref dst, at + 112);
        }

        for (; b < blocks; b++)
        {
            Vector128<byte> x = Next(ref hi, ref lo) ^ rk[0];
            for (int r = 1; r < Rounds; r++)
            {
                x = AesNi.Encrypt(x, rk[r]);
            }

            AesNi.EncryptLast(x, rk[Rounds]).StoreUnsafe(ref dst, (nuint)(b * BlockSize));
        }
    }

    /// <summary>The AES-256 key schedule (FIPS 197, section 5.2) with AESKEYGENASSIST doing SubWord/RotWord.</summary>
    private static Vector128<byte>[] ExpandKey(ReadOnlySpan<byte> key)
    {
        var rk = new Vector128<byte>[Rounds + 1];
        Vector128<byte> even = Vector128.Create(key[..16]);
        Vector128<byte> odd = Vector128.Create(key[16..]);
        rk[0] = even;
        rk[1] = odd;
        for (int i = 0; i < 7; i++)
        {
            even = Mix(even, Sse2.Shuffle(Assist(odd, i).AsInt32(), 0xFF).AsByte());
            rk[(2 * i) + 2] = even;
            if (i < 6)
            {
                odd = Mix(odd, Sse2.Shuffle(AesNi.KeygenAssist(even, 0x00).AsInt32(), 0xAA).AsByte());
                rk[(2 * i) + 3] = odd;
            }
        }

        return rk;
    }

    /// <summary>Each word becomes the XOR of itself, the words before it in the block, and t.</summary>
    private static Vector128<byte> Mix(Vector128<byte> w, Vector128<byte> t) =>
        w ^ Sse2.ShiftLeftLogical128BitLane(w, 4) ^ Sse2.ShiftLeftLogical128BitLane(w, 8) ^ Sse2.ShiftLeftLogical128BitLane(w, 12) ^ t;

    /// <summary>AESKEYGENASSIST takes its round constant as an immediate, hence one call site per constant.</summary>
    private static Vector128<byte> Assist(Vector128<byte> w, int round) => round switch
    {
        0 => AesNi.KeygenAssist(w, 0x01),
        1 => AesNi.KeygenAssist(w, 0x02),
        2 => AesNi.KeygenAssist(w, 0x04),
        3 => AesNi.KeygenAssist(w, 0x08),
        4 => AesNi.KeygenAssist(w, 0x10),
        5 => AesNi.KeygenAssist(w, 0x20),
        _ => AesNi.KeygenAssist(w, 0x40),
    };
}
