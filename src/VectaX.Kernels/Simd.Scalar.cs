using System.Runtime.CompilerServices;

namespace VectaX.Kernels;

/// <summary>One lane: the scalar reference width.</summary>
internal readonly struct ScalarSimd : ISimd<float>
{
    public static int Count => 1;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination) => destination = value;

    public static float Splat(float value) => value;

    public static float Add(float a, float b) => a + b;

    public static float Subtract(float a, float b) => a - b;

    public static float Multiply(float a, float b) => a * b;

    public static float Divide(float a, float b) => a / b;

    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    public static float Sqrt(float a) => MathF.Sqrt(a);

    public static float LessThan(float a, float b) => Mask(a < b);

    public static float Equal(float a, float b) => Mask(a == b);

    public static float Or(float a, float b) =>
        BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));

    public static float Select(float mask, float ifTrue, float ifFalse)
    {
        int m = BitConverter.SingleToInt32Bits(mask);
        return BitConverter.Int32BitsToSingle(
            (BitConverter.SingleToInt32Bits(ifTrue) & m) | (BitConverter.SingleToInt32Bits(ifFalse) & ~m));
    }

    public static bool AllFinite(float value) => float.IsFinite(value);

    public static float HadamardLanes(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SplitExponent(float value, float pivot, out float exponent)
    {
        int offset = BitConverter.SingleToInt32Bits(value) - BitConverter.SingleToInt32Bits(pivot);
        exponent = offset >> 23;
        return BitConverter.Int32BitsToSingle((offset & 0x7FFFFF) + BitConverter.SingleToInt32Bits(pivot));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PickFromRow(ref float row, ref int indices) => Unsafe.Add(ref row, indices & 15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitWords(ref uint source, out float low, out float high)
    {
        low = source & 0xFFFF;
        high = source >> 16;
    }

    private static float Mask(bool condition) => BitConverter.Int32BitsToSingle(-(condition ? 1 : 0));
}
