using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Clmul = System.Runtime.Intrinsics.X86.Pclmulqdq;

namespace VectaX.Kernels;

/// <summary>
/// Carry-less 64 x 64 -> 128-bit multiplies on vectors of 16-byte blocks (lane 0 the low word): MultiplyAB(a, b)
/// multiplies word A of each block of a by word B of the same block of b. The shape POLYVAL's loop is written
/// against, once, for every instruction set.
/// </summary>
internal interface IClmul<TVec>
    where TVec : unmanaged
{
    static abstract bool IsSupported { get; }

    /// <summary>16-byte blocks per vector.</summary>
    static abstract int Blocks { get; }

    static abstract TVec Load(ref byte source);

    /// <summary><see cref="Blocks"/> consecutive powers.</summary>
    static abstract TVec LoadPowers(ref Vector128<ulong> source);

    /// <summary>The block in the first lane, zero elsewhere.</summary>
    static abstract TVec Lane0(Vector128<ulong> block);

    static abstract TVec Xor(TVec a, TVec b);

    static abstract TVec Multiply00(TVec a, TVec b);

    static abstract TVec Multiply01(TVec a, TVec b);

    static abstract TVec Multiply10(TVec a, TVec b);

    static abstract TVec Multiply11(TVec a, TVec b);

    /// <summary>The XOR of all lanes.</summary>
    static abstract Vector128<ulong> Fold(TVec x);
}

/// <summary>PCLMULQDQ: its immediate's bit 0 picks the word of the left operand, bit 4 that of the right.</summary>
internal readonly struct ClmulX86 : IClmul<Vector128<ulong>>
{
    public static bool IsSupported => X86Clmul.IsSupported;

    public static int Blocks => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Load(ref byte source) => Vector128.LoadUnsafe(ref source).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> LoadPowers(ref Vector128<ulong> source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Lane0(Vector128<ulong> block) => block;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply00(Vector128<ulong> a, Vector128<ulong> b) => X86Clmul.CarrylessMultiply(a, b, 0x00);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply01(Vector128<ulong> a, Vector128<ulong> b) => X86Clmul.CarrylessMultiply(a, b, 0x10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply10(Vector128<ulong> a, Vector128<ulong> b) => X86Clmul.CarrylessMultiply(a, b, 0x01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply11(Vector128<ulong> a, Vector128<ulong> b) => X86Clmul.CarrylessMultiply(a, b, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Fold(Vector128<ulong> x) => x;
}

/// <summary>VPCLMULQDQ on 256-bit vectors: two blocks per instruction.</summary>
internal readonly struct ClmulV256 : IClmul<Vector256<ulong>>
{
    public static bool IsSupported => X86Clmul.V256.IsSupported;

    public static int Blocks => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Load(ref byte source) => Vector256.LoadUnsafe(ref source).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> LoadPowers(ref Vector128<ulong> source) => Vector256.LoadUnsafe(ref Unsafe.As<Vector128<ulong>, ulong>(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Lane0(Vector128<ulong> block) => Vector256.Create(block, Vector128<ulong>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply00(Vector256<ulong> a, Vector256<ulong> b) => X86Clmul.V256.CarrylessMultiply(a, b, 0x00);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply01(Vector256<ulong> a, Vector256<ulong> b) => X86Clmul.V256.CarrylessMultiply(a, b, 0x10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply10(Vector256<ulong> a, Vector256<ulong> b) => X86Clmul.V256.CarrylessMultiply(a, b, 0x01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply11(Vector256<ulong> a, Vector256<ulong> b) => X86Clmul.V256.CarrylessMultiply(a, b, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Fold(Vector256<ulong> x) => x.GetLower() ^ x.GetUpper();
}

/// <summary>VPCLMULQDQ on 512-bit vectors: four blocks per instruction.</summary>
internal readonly struct ClmulV512 : IClmul<Vector512<ulong>>
{
    public static bool IsSupported => X86Clmul.V512.IsSupported;

    public static int Blocks => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Load(ref byte source) => Vector512.LoadUnsafe(ref source).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> LoadPowers(ref Vector128<ulong> source) => Vector512.LoadUnsafe(ref Unsafe.As<Vector128<ulong>, ulong>(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Lane0(Vector128<ulong> block) => Vector512.Create(Vector256.Create(block, Vector128<ulong>.Zero), Vector256<ulong>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply00(Vector512<ulong> a, Vector512<ulong> b) => X86Clmul.V512.CarrylessMultiply(a, b, 0x00);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply01(Vector512<ulong> a, Vector512<ulong> b) => X86Clmul.V512.CarrylessMultiply(a, b, 0x10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply10(Vector512<ulong> a, Vector512<ulong> b) => X86Clmul.V512.CarrylessMultiply(a, b, 0x01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply11(Vector512<ulong> a, Vector512<ulong> b) => X86Clmul.V512.CarrylessMultiply(a, b, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Fold(Vector512<ulong> x)
    {
        Vector256<ulong> half = x.GetLower() ^ x.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }
}

/// <summary>PMULL / PMULL2 (the Arm AES extension's 64-bit polynomial multiply).</summary>
internal readonly struct ClmulArm : IClmul<Vector128<ulong>>
{
    public static bool IsSupported => ArmAes.IsSupported;

    public static int Blocks => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Load(ref byte source) => Vector128.LoadUnsafe(ref source).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> LoadPowers(ref Vector128<ulong> source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Lane0(Vector128<ulong> block) => block;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply00(Vector128<ulong> a, Vector128<ulong> b) => ArmAes.PolynomialMultiplyWideningLower(a.GetLower(), b.GetLower());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply01(Vector128<ulong> a, Vector128<ulong> b) => ArmAes.PolynomialMultiplyWideningLower(a.GetLower(), b.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply10(Vector128<ulong> a, Vector128<ulong> b) => ArmAes.PolynomialMultiplyWideningLower(a.GetUpper(), b.GetLower());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply11(Vector128<ulong> a, Vector128<ulong> b) => ArmAes.PolynomialMultiplyWideningUpper(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Fold(Vector128<ulong> x) => x;
}

/// <summary>
/// A carry-less multiply in software for CPUs without one: every bit of b selects a shifted copy of a through a
/// mask, so neither branches nor memory indices depend on the operands.
/// </summary>
internal readonly struct SoftwareClmul : IClmul<Vector128<ulong>>
{
    public static bool IsSupported => true;

    public static int Blocks => 1;

    public static Vector128<ulong> Load(ref byte source) =>
        Vector128.Create(BinaryPrimitives.ReadUInt64LittleEndian(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref source, 8)),
            BinaryPrimitives.ReadUInt64LittleEndian(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, 8), 8)));

    public static Vector128<ulong> LoadPowers(ref Vector128<ulong> source) => source;

    public static Vector128<ulong> Lane0(Vector128<ulong> block) => block;

    public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => a ^ b;

    public static Vector128<ulong> Multiply00(Vector128<ulong> a, Vector128<ulong> b) => Multiply(a.GetElement(0), b.GetElement(0));

    public static Vector128<ulong> Multiply01(Vector128<ulong> a, Vector128<ulong> b) => Multiply(a.GetElement(0), b.GetElement(1));

    public static Vector128<ulong> Multiply10(Vector128<ulong> a, Vector128<ulong> b) => Multiply(a.GetElement(1), b.GetElement(0));

    public static Vector128<ulong> Multiply11(Vector128<ulong> a, Vector128<ulong> b) => Multiply(a.GetElement(1), b.GetElement(1));

    public static Vector128<ulong> Fold(Vector128<ulong> x) => x;

    /// <summary>dot(a, b) = a * b * x^-128 in POLYVAL's field.</summary>
    public static Vector128<ulong> Dot(Vector128<ulong> a, Vector128<ulong> b) =>
        Polyval.Reduce<SoftwareClmul>(Multiply00(a, b), Multiply01(a, b) ^ Multiply10(a, b), Multiply11(a, b));

    private static Vector128<ulong> Multiply(ulong a, ulong b)
    {
        ulong lo = a & (0UL - (b & 1)), hi = 0;
        for (int i = 1; i < 64; i++)
        {
            ulong mask = 0UL - ((b >> i) & 1);
            lo ^= (a << i) & mask;
            hi ^= (a >> (64 - i)) & mask;
        }

        return Vector128.Create(lo, hi);
    }
}
