using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vec = System.Runtime.Intrinsics.Vector128<float>;

namespace VectaX.Kernels;

/// <summary>Four lanes: SSE on x64, NEON on Arm64.</summary>
internal readonly struct V128Simd : ISimd<Vec>
{
    public static int Count => Vec.Count;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vec Splat(float value) => Vector128.Create(value);

    public static Vec Add(Vec a, Vec b) => a + b;

    public static Vec Subtract(Vec a, Vec b) => a - b;

    public static Vec Multiply(Vec a, Vec b) => a * b;

    public static Vec Divide(Vec a, Vec b) => a / b;

    public static Vec MultiplyAdd(Vec a, Vec b, Vec c) => Vector128.FusedMultiplyAdd(a, b, c);

    public static Vec Sqrt(Vec a) => Vector128.Sqrt(a);

    public static Vec LessThan(Vec a, Vec b) => Vector128.LessThan(a, b);

    public static Vec Equal(Vec a, Vec b) => Vector128.Equals(a, b);

    public static Vec Or(Vec a, Vec b) => a | b;

    public static Vec Select(Vec mask, Vec ifTrue, Vec ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    public static bool AllFinite(Vec value) => Vector128.EqualsAll(value - value, Vec.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec HadamardLanes(Vec v)
    {
        // Lane i gets v[i] + v[i ^ h] when bit h of i is clear and v[i ^ h] - v[i] when it is set.
        v = v * Vector128.Create(1f, -1, 1, -1) + Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
        return v * Vector128.Create(1f, 1, -1, -1) + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec SplitExponent(Vec value, float pivot, out Vec exponent)
    {
        // Bits minus the pivot's bits: the exponent difference above bit 23, the mantissa offset below it.
        Vector128<int> offset = value.AsInt32() - Vector128.Create(BitConverter.SingleToInt32Bits(pivot));
        exponent = Vector128.ConvertToSingle(Vector128.ShiftRightArithmetic(offset, 23));
        return ((offset & Vector128.Create(0x7FFFFF)) + Vector128.Create(BitConverter.SingleToInt32Bits(pivot))).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec PickFromRow(ref float row, ref int indices) => Vector128.Create(
        Unsafe.Add(ref row, indices & 15),
        Unsafe.Add(ref row, Unsafe.Add(ref indices, 1) & 15),
        Unsafe.Add(ref row, Unsafe.Add(ref indices, 2) & 15),
        Unsafe.Add(ref row, Unsafe.Add(ref indices, 3) & 15));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitWords(ref uint source, out Vec low, out Vec high)
    {
        Vector128<uint> words = Vector128.LoadUnsafe(ref source);
        low = Vector128.ConvertToSingle((words & Vector128.Create(0xFFFFu)).AsInt32());
        high = Vector128.ConvertToSingle((words >> 16).AsInt32());
    }
}
