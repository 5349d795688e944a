using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace VectaX.Kernels;

/// <summary>
/// POLYVAL (RFC 8452, section 3), the universal hash of AES-GCM-SIV: Horner's rule over 16-byte little-endian
/// blocks in GF(2^128) mod x^128 + x^127 + x^126 + x^121 + 1, with dot(a, b) = a * b * x^-128. Blocks are taken
/// 8 vectors at a time against precomputed powers of H and reduced once per group (Gueron's aggregated
/// reduction), on PCLMULQDQ (128-, 256- or 512-bit), the Arm PMULL instruction, or a constant-time software
/// carry-less multiply. Every path gives the same bits. Thread-safe; dispose to zero the powers of H.
/// </summary>
[SkipLocalsInit]
public sealed class Polyval : IDisposable
{
    /// <summary>Key and block length in bytes.</summary>
    public const int BlockSize = 16;

    /// <summary>Powers of H kept: one per block of the widest group (8 vectors of 4 blocks).</summary>
    internal const int PowerCount = 32;

    // Descending: _powers[i] is H^(32 - i) in the dot sense (H^k * x^(-128 (k - 1))), so a group of g blocks
    // multiplies its block j by _powers[32 - g + j].
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[PowerCount];
    private bool _disposed;

    /// <summary>Keys the hash with the 16-byte <paramref name="key"/> H; <paramref name="path"/> forces an implementation (tests cross-check them).</summary>
    public Polyval(ReadOnlySpan<byte> key, PolyvalPath? path = null)
    {
        if (key.Length != BlockSize)
        {
            throw new ArgumentException($"POLYVAL needs a {BlockSize}-byte key.", nameof(key));
        }

        Path = path ?? Best;
        if (!IsSupported(Path))
        {
            throw new NotSupportedException($"This CPU does not run the {Path} POLYVAL path.");
        }

        Vector128<ulong> h = Vector128.Create(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]));
        Vector128<ulong> power = h;
        _powers[PowerCount - 1] = h;
        for (int i = PowerCount - 2; i >= 0; i--)
        {
            power = SoftwareClmul.Dot(power, h);
            _powers[i] = power;
        }
    }

    /// <summary>The fastest path this CPU runs.</summary>
    public static PolyvalPath Best =>
        ClmulV512.IsSupported ? PolyvalPath.Clmul512
        : ClmulV256.IsSupported ? PolyvalPath.Clmul256
        : ClmulX86.IsSupported || ClmulArm.IsSupported ? PolyvalPath.Clmul128
        : PolyvalPath.Software;

    /// <summary>The implementation this instance runs.</summary>
    public PolyvalPath Path { get; }

    /// <summary>Whether this CPU runs <paramref name="path"/>.</summary>
    public static bool IsSupported(PolyvalPath path) => path switch
    {
        PolyvalPath.Software => true,
        PolyvalPath.Clmul128 => ClmulX86.IsSupported || ClmulArm.IsSupported,
        PolyvalPath.Clmul256 => ClmulV256.IsSupported,
        PolyvalPath.Clmul512 => ClmulV512.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Absorbs whole blocks into the 16-byte <paramref name="state"/> (zero to start; the hash is the state after the
    /// last block): state = dot(...dot(dot(state + X1, H) + X2, H)..., H).
    /// </summary>
    public void Update(Span<byte> state, ReadOnlySpan<byte> blocks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (state.Length != BlockSize || blocks.Length % BlockSize != 0)
        {
            throw new ArgumentException("The state is one 16-byte block and the input a whole number of blocks.");
        }

        Vector128<ulong> acc = Vector128.Create(BinaryPrimitives.ReadUInt64LittleEndian(state), BinaryPrimitives.ReadUInt64LittleEndian(state[8..]));
        acc = UpdateCore(acc, blocks);
        BinaryPrimitives.WriteUInt64LittleEndian(state, acc.GetElement(0));
        BinaryPrimitives.WriteUInt64LittleEndian(state[8..], acc.GetElement(1));
    }

    /// <summary>Zeroes the powers of H.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_powers.AsSpan()));
    }

    internal Vector128<ulong> UpdateCore(Vector128<ulong> acc, ReadOnlySpan<byte> blocks)
    {
        // Only the chosen path runs; the JIT drops the branches the CPU cannot take.
        return Path switch
        {
            PolyvalPath.Clmul512 when ClmulV512.IsSupported => Absorb<ClmulV512, Vector512<ulong>, ClmulX86>(acc, blocks, _powers),
            PolyvalPath.Clmul256 when ClmulV256.IsSupported => Absorb<ClmulV256, Vector256<ulong>, ClmulX86>(acc, blocks, _powers),
            PolyvalPath.Clmul128 when ClmulX86.IsSupported => Absorb<ClmulX86, Vector128<ulong>, ClmulX86>(acc, blocks, _powers),
            PolyvalPath.Clmul128 when ClmulArm.IsSupported => Absorb<ClmulArm, Vector128<ulong>, ClmulArm>(acc, blocks, _powers),
            _ => Absorb<SoftwareClmul, Vector128<ulong>, SoftwareClmul>(acc, blocks, _powers),
        };
    }

    /// <summary>
    /// Groups of 8 * TW.Blocks blocks: sum_j X_j * H^(g - j) (the state added into X_1) as unreduced 256-bit
    /// products in three parts, one Montgomery reduction per group; the last, shorter group on 128-bit lanes.
    /// </summary>
    private static Vector128<ulong> Absorb<TW, TVec, TN>(Vector128<ulong> acc, ReadOnlySpan<byte> blocks, Vector128<ulong>[] powers)
        where TW : struct, IClmul<TVec>
        where TVec : unmanaged
        where TN : struct, IClmul<Vector128<ulong>>
    {
        const int Vectors = 8;
        int group = Vectors * TW.Blocks;
        ref byte p = ref MemoryMarshal.GetReference(blocks);
        ref Vector128<ulong> pw = ref MemoryMarshal.GetArrayDataReference(powers);
        int count = blocks.Length / BlockSize;
        int b = 0;
        if (count >= group)
        {
            ref Vector128<ulong> top = ref Unsafe.Add(ref pw, PowerCount - group);
            for (; b <= count - group; b += group)
            {
                ref byte at = ref Unsafe.Add(ref p, b * BlockSize);
                TVec x = TW.Xor(TW.Load(ref at), TW.Lane0(acc));
                TVec h = TW.LoadPowers(ref top);
                TVec lo = TW.Multiply00(x, h), hi = TW.Multiply11(x, h), mid = TW.Xor(TW.Multiply01(x, h), TW.Multiply10(x, h));
                for (int v = 1; v < Vectors; v++)
                {
                    x = TW.Load(ref Unsafe.Add(ref at, v * TW.Blocks * BlockSize));
                    h = TW.LoadPowers(ref Unsafe.Add(ref top, v * TW.Blocks));
                    lo = TW.Xor(lo, TW.Multiply00(x, h));
                    hi = TW.Xor(hi, TW.Multiply11(x, h));
                    mid = TW.Xor(mid, TW.Xor(TW.Multiply01(x, h), TW.Multiply10(x, h)));
                }

                acc = Reduce<TN>(TW.Fold(lo), TW.Fold(mid), TW.Fold(hi));
            }
        }

        int rest = count - b;
        if (rest > 0)
        {
            ref byte at = ref Unsafe.Add(ref p, b * BlockSize);
            ref Vector128<ulong> top = ref Unsafe.Add(ref pw, PowerCount - rest);
            Vector128<ulong> x = TN.Load(ref at) ^ acc;
            Vector128<ulong> h = top;
            Vector128<ulong> lo = TN.Multiply00(x, h), hi = TN.Multiply11(x, h), mid = TN.Multiply01(x, h) ^ TN.Multiply10(x, h);
            for (int j = 1; j < rest; j++)
            {
                x = TN.Load(ref Unsafe.Add(ref at, j * BlockSize));
                h = Unsafe.Add(ref top, j);
                lo ^= TN.Multiply00(x, h);
                hi ^= TN.Multiply11(x, h);
                mid ^= TN.Multiply01(x, h) ^ TN.Multiply10(x, h);
            }

            acc = Reduce<TN>(lo, mid, hi);
        }

        return acc;
    }

    /// <summary>
    /// (hi * x^128 + mid * x^64 + lo) * x^-128 mod P: two folds of the low half by the constant x^-64 mod P
    /// (0xc2 in the top byte), as in the AES-GCM-SIV reference code (Gueron, Langley, Lindell, RFC 8452).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> Reduce<TN>(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
        where TN : struct, IClmul<Vector128<ulong>>
    {
        lo ^= Vector128.Create(0, mid.GetElement(0));
        hi ^= Vector128.Create(mid.GetElement(1), 0);
        Vector128<ulong> poly = Vector128.Create(1UL, 0xC200000000000000UL);
        lo = Swap(lo) ^ TN.Multiply01(lo, poly);
        lo = Swap(lo) ^ TN.Multiply01(lo, poly);
        return lo ^ hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Swap(Vector128<ulong> x) => Vector128.Shuffle(x, Vector128.Create(1UL, 0UL));
}

/// <summary>The implementations of <see cref="Polyval"/>.</summary>
public enum PolyvalPath
{
    /// <summary>Constant-time software carry-less multiply; runs anywhere.</summary>
    Software,

    /// <summary>One block per multiply: PCLMULQDQ on x64, PMULL on arm64.</summary>
    Clmul128,

    /// <summary>Two blocks per multiply: VPCLMULQDQ on 256-bit vectors.</summary>
    Clmul256,

    /// <summary>Four blocks per multiply: VPCLMULQDQ on 512-bit vectors.</summary>
    Clmul512,
}
