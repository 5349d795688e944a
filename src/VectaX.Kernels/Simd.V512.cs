using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vec = System.Runtime.Intrinsics.Vector512<float>;

namespace VectaX.Kernels;

/// <summary>Sixteen lanes: AVX-512.</summary>
internal readonly struct V512Simd : ISimd<Vec>
{
    public static int Count => Vec.Count;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vec Splat(float value) => Vector512.Create(value);

    public static Vec Add(Vec a, Vec b) => a + b;

    public static Vec Subtract(Vec a, Vec b) => a - b;

    public static Vec Multiply(Vec a, Vec b) => a * b;

    public static Vec Divide(Vec a, Vec b) => a / b;

    public static Vec MultiplyAdd(Vec a, Vec b, Vec c) => Vector512.FusedMultiplyAdd(a, b, c);

    public static Vec Sqrt(Vec a) => Vector512.Sqrt(a);

    public static Vec LessThan(Vec a, Vec b) => Vector512.LessThan(a, b);

    public static Vec Equal(Vec a, Vec b) => Vector512.Equals(a, b);

    public static Vec Or(Vec a, Vec b) => a | b;

    public static Vec Select(Vec mask, Vec ifTrue, Vec ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    public static bool AllFinite(Vec value) => Vector512.EqualsAll(value - value, Vec.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec HadamardLanes(Vec v)
    {
        // Lane i gets v[i] + v[i ^ h] when bit h of i is clear and v[i ^ h] - v[i] when it is set.
        v = v * Vector512.Create(1f, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1)
            + Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
        v = v * Vector512.Create(1f, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1)
            + Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
        v = v * Vector512.Create(1f, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1)
            + Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
        return v * Vector512.Create(1f, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1)
            + Vector512.Shuffle(v, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec SplitExponent(Vec value, float pivot, out Vec exponent)
    {
        // Bits minus the pivot's bits: the exponent difference above bit 23, the mantissa offset below it.
        Vector512<int> offset = value.AsInt32() - Vector512.Create(BitConverter.SingleToInt32Bits(pivot));
        exponent = Vector512.ConvertToSingle(Vector512.ShiftRightArithmetic(offset, 23));
        return ((offset & Vector512.Create(0x7FFFFF)) + Vector512.Create(BitConverter.SingleToInt32Bits(pivot))).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec PickFromRow(ref float row, ref int indices) =>
        Vector512.ShuffleNative(Vector512.LoadUnsafe(ref row), Vector512.LoadUnsafe(ref indices) & Vector512.Create(15));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitWords(ref uint source, out Vec low, out Vec high)
    {
        Vector512<uint> words = Vector512.LoadUnsafe(ref source);
        low = Vector512.ConvertToSingle((words & Vector512.Create(0xFFFFu)).AsInt32());
        high = Vector512.ConvertToSingle((words >> 16).AsInt32());
    }
}
