using System.Runtime.Intrinsics;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// The Box-Muller kernels keep the bits of <see cref="BoxMullerReference"/>, the select-ladder algorithm, for every
/// low half at every width; the exponent split behind their log is exact.
/// </summary>
public class BoxMullerBitsTests
{
    private const float SqrtHalf = 0.707106781186547524f;

    // Quadrant edges and extremes of the high half; a last row takes an odd-multiplier permutation of the low half.
    private static readonly uint[] FixedHighs = [0, 1, 0x3FFF, 0x4000, 0x7FFF, 0x8000, 0xBFFF, 0xC000, 0xFFFF];

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void Every_low_half_with_a_spread_of_high_halves_gives_the_reference_bits(KernelWidth width)
    {
        KernelSet kernels = TestData.Require(width);
        int rows = FixedHighs.Length + 1;
        uint[] words = new uint[rows << 16];
        for (int i = 0; i < words.Length; i++)
        {
            uint low = (uint)i & 0xFFFF;
            int row = i >> 16;
            uint high = row < FixedHighs.Length ? FixedHighs[row] : ((low * 0x9E37) + 0x1234) & 0xFFFF;
            words[i] = (high << 16) | low;
        }

        float[] actual = new float[2 * words.Length];
        kernels.Gaussians(words, actual);
        for (int i = 0; i < words.Length; i++)
        {
            (float cosine, float sine) = BoxMullerReference.Pair(words[i], fused: true);
            int block = i / 16 * 32, lane = i % 16;
            AssertSameBits(cosine, actual[block + lane], words[i]);
            AssertSameBits(sine, actual[block + 16 + lane], words[i]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void The_exponent_split_gives_the_select_ladder_reduction_for_every_low_half(KernelWidth width)
    {
        TestData.Require(width);
        float[] u = new float[1 << 16];
        for (int low = 0; low < u.Length; low++)
        {
            u[low] = (low + 1f) * (1f / 65536);
        }

        (float[] mantissa, float[] exponent) = Split(width, u, SqrtHalf);
        for (int low = 0; low < u.Length; low++)
        {
            (float reduced, float e) = BoxMullerReference.Reduce(u[low]);
            AssertSameBits(reduced, mantissa[low], (uint)low);
            AssertSameBits(e, exponent[low], (uint)low);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void The_exponent_split_is_exact_over_positive_normal_floats(KernelWidth width)
    {
        TestData.Require(width);
        var random = new Random(140);
        float[] values = new float[1 << 14];
        for (int i = 0; i < values.Length; i++)
        {
            // Every biased exponent 1..254 with random mantissas, the extremes included.
            values[i] = BitConverter.Int32BitsToSingle(((1 + (i % 254)) << 23) | random.Next(1 << 23));
        }

        values[0] = float.Epsilon * (1 << 23); // the smallest normal
        values[1] = float.MaxValue;
        foreach (float pivot in new[] { 1f, SqrtHalf, 0.75f, 3e-30f, 1e30f })
        {
            (float[] mantissa, float[] exponent) = Split(width, values, pivot);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.InRange(mantissa[i], pivot, MathF.BitDecrement(2 * pivot));
                Assert.Equal(MathF.Round(exponent[i]), exponent[i]);
                Assert.Equal((double)values[i], Math.ScaleB(mantissa[i], (int)exponent[i]));
            }
        }
    }

    private static (float[] Mantissa, float[] Exponent) Split(KernelWidth width, float[] values, float pivot)
    {
        float[] mantissa = new float[values.Length], exponent = new float[values.Length];
        switch (width)
        {
            case KernelWidth.Scalar: Split<ScalarSimd, float>(values, pivot, mantissa, exponent); break;
            case KernelWidth.V128: Split<V128Simd, Vector128<float>>(values, pivot, mantissa, exponent); break;
            case KernelWidth.V256: Split<V256Simd, Vector256<float>>(values, pivot, mantissa, exponent); break;
            case KernelWidth.V512: Split<V512Simd, Vector512<float>>(values, pivot, mantissa, exponent); break;
            default: throw new ArgumentOutOfRangeException(nameof(width));
        }

        return (mantissa, exponent);
    }

    private static void Split<TS, TVec>(float[] values, float pivot, float[] mantissa, float[] exponent)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        for (int i = 0; i < values.Length; i += TS.Count)
        {
            TS.Store(TS.SplitExponent(TS.Load(ref values[i]), pivot, out TVec e), ref mantissa[i]);
            TS.Store(e, ref exponent[i]);
        }
    }

    private static void AssertSameBits(float expected, float actual, uint input)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            Assert.Fail($"input 0x{input:X8}: expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):X8}), got {actual:R} (0x{BitConverter.SingleToInt32Bits(actual):X8})");
        }
    }
}
