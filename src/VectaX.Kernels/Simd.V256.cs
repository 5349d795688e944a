using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vec = System.Runtime.Intrinsics.Vector256<float>;

namespace VectaX.Kernels;

/// <summary>Eight lanes: AVX2.</summary>
internal readonly struct V256Simd : ISimd<Vec>
{
    public static int Count => Vec.Count;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vec Splat(float value) => Vector256.Create(value);

    public static Vec Add(Vec a, Vec b) => a + b;

    public static Vec Subtract(Vec a, Vec b) => a - b;

    public static Vec Multiply(Vec a, Vec b) => a * b;

    public static Vec Divide(Vec a, Vec b) => a / b;

    public static Vec MultiplyAdd(Vec a, Vec b, Vec c) => Vector256.FusedMultiplyAdd(a, b, c);

    public static Vec Sqrt(Vec a) => Vector256.Sqrt(a);

    public static Vec LessThan(Vec a, Vec b) => Vector256.LessThan(a, b);

    public static Vec Equal(Vec a, Vec b) => Vector256.Equals(a, b);

    public static Vec Or(Vec a, Vec b) => a | b;

    public static Vec Select(Vec mask, Vec ifTrue, Vec ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    public static bool AllFinite(Vec value) => Vector256.EqualsAll(value - value, Vec.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec HadamardLanes(Vec v)
    {
        // Lane i gets v[i] + v[i ^ h] when bit h of i is clear and v[i ^ h] - v[i] when it is set.
        v = v * Vector256.Create(1f, -1, 1, -1, 1, -1, 1, -1)
            + Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
        v = v * Vector256.Create(1f, 1, -1, -1, 1, 1, -1, -1)
            + Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5));
        return v * Vector256.Create(1f, 1, 1, 1, -1, -1, -1, -1)
            + Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec SplitExponent(Vec value, float pivot, out Vec exponent)
    {
        // Bits minus the pivot's bits: the exponent difference above bit 23, the mantissa offset below it.
        Vector256<int> offset = value.AsInt32() - Vector256.Create(BitConverter.SingleToInt32Bits(pivot));
        exponent = Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(offset, 23));
        return ((offset & Vector256.Create(0x7FFFFF)) + Vector256.Create(BitConverter.SingleToInt32Bits(pivot))).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec PickFromRow(ref float row, ref int indices)
    {
        // A pick from each half of the row by the low three bits, then the half that bit 3 names.
        Vector256<int> index = Vector256.LoadUnsafe(ref indices);
        Vector256<int> within = index & Vector256.Create(7);
        Vec low = Vector256.ShuffleNative(Vector256.LoadUnsafe(ref row), within);
        Vec high = Vector256.ShuffleNative(Vector256.LoadUnsafe(ref Unsafe.Add(ref row, 8)), within);
        return Vector256.ConditionalSelect(Vector256.Equals(index & Vector256.Create(8), Vector256.Create(8)).AsSingle(), high, low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitWords(ref uint source, out Vec low, out Vec high)
    {
        Vector256<uint> words = Vector256.LoadUnsafe(ref source);
        low = Vector256.ConvertToSingle((words & Vector256.Create(0xFFFFu)).AsInt32());
        high = Vector256.ConvertToSingle((words >> 16).AsInt32());
    }
}
