using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// Standard normal samples from random words by the Box-Muller transform (Box and Muller, 1958), with
/// branch-free, table-free polynomial log and sin/cos so that no branch or memory index depends on the
/// secret words. Each word gives one pair: its low half u1 sets the radius sqrt(-2 ln u1), its high half the
/// angle. Layout is canonical: words [16k, 16k+16) give outputs [32k, 32k+16) (cosine side) and
/// [32k+16, 32k+32) (sine side) at every width. Approximation error is below 1e-6 relative; the samples only
/// pick a noise direction, which the cipher normalises.
/// </summary>
[SkipLocalsInit]
internal static class BoxMuller
{
    public const int WordsPerBlock = 16;

    private const float Ln2 = 0.693147180559945309f;
    private const float SqrtHalf = 0.707106781186547524f;
    private const float HalfPi = 1.57079632679489662f;
    private const float RoundingBias = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer.

    /// <summary>destination.Length == 2 * words.Length; words.Length a multiple of 16.</summary>
    public static void Fill<TS, TVec>(ReadOnlySpan<uint> words, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref uint pw = ref MemoryMarshal.GetReference(words);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        for (int block = 0; block < words.Length; block += WordsPerBlock)
        {
            for (int j = 0; j < WordsPerBlock; j += TS.Count)
            {
                TS.SplitWords(ref Unsafe.Add(ref pw, block + j), out TVec low, out TVec high);
                Pair<TS, TVec>(low, high, out TVec z0, out TVec z1);
                TS.Store(z0, ref Unsafe.Add(ref pd, (2 * block) + j));
                TS.Store(z1, ref Unsafe.Add(ref pd, (2 * block) + WordsPerBlock + j));
            }
        }
    }

    /// <summary>
    /// <see cref="Fill{TS, TVec}"/>, returning the sum of squares of destination[..count] accumulated in the same pass
    /// in the canonical lanes of <see cref="Reduction"/> (sample i into lane i % 16, in order, the tail padded with
    /// zeros, which leave a lane unchanged): the bits of a separate <see cref="Reduction"/> sum, one read of the samples fewer.
    /// </summary>
    public static float FillSumOfSquares<TS, TVec>(ReadOnlySpan<uint> words, Span<float> destination, int count)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref uint pw = ref MemoryMarshal.GetReference(words);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        Span<float> lanes = stackalloc float[Reduction.Lanes];
        lanes.Clear();
        ref float pl = ref MemoryMarshal.GetReference(lanes);
        int whole = count & ~(Reduction.Lanes - 1);
        for (int block = 0; block < words.Length; block += WordsPerBlock)
        {
            bool cosineSide = (2 * block) + WordsPerBlock <= whole;
            bool sineSide = (2 * block) + (2 * WordsPerBlock) <= whole;
            for (int j = 0; j < WordsPerBlock; j += TS.Count)
            {
                TS.SplitWords(ref Unsafe.Add(ref pw, block + j), out TVec low, out TVec high);
                Pair<TS, TVec>(low, high, out TVec z0, out TVec z1);
                TS.Store(z0, ref Unsafe.Add(ref pd, (2 * block) + j));
                TS.Store(z1, ref Unsafe.Add(ref pd, (2 * block) + WordsPerBlock + j));
                ref float lane = ref Unsafe.Add(ref pl, j);
                if (cosineSide)
                {
                    TS.Store(TS.MultiplyAdd(z0, z0, TS.Load(ref lane)), ref lane);
                }

                if (sineSide)
                {
                    TS.Store(TS.MultiplyAdd(z1, z1, TS.Load(ref lane)), ref lane);
                }
            }
        }

        for (int i = whole; i < count; i++)
        {
            float z = Unsafe.Add(ref pd, i);
            lanes[i - whole] = MathF.FusedMultiplyAdd(z, z, lanes[i - whole]);
        }

        return Reduction.Combine(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair<TS, TVec>(TVec low, TVec high, out TVec z0, out TVec z1)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TVec one = TS.Splat(1f);

        // u1 in (0, 1] from the low half, so ln u1 is finite.
        TVec u = TS.Multiply(TS.Add(low, one), TS.Splat(1f / 65536));
        TVec radius = TS.Sqrt(TS.Multiply(TS.Splat(-2f), Log<TS, TVec>(u)));

        // Angle 2*pi*f, f in [0, 1): quadrant q = round(4f), residual angle in [-pi/4, pi/4].
        TVec f4 = TS.Multiply(high, TS.Splat(4f / 65536));
        TVec bias = TS.Splat(RoundingBias);
        TVec q = TS.Subtract(TS.Add(f4, bias), bias);
        TVec phi = TS.Multiply(TS.Subtract(f4, q), TS.Splat(HalfPi));
        SinCos<TS, TVec>(phi, out TVec sin, out TVec cos);

        // Rotate by q quarter turns: odd q swaps (cos, sin) to (-sin, cos); q of 2 or 3 negates both.
        TVec odd = TS.Or(TS.Equal(q, one), TS.Equal(q, TS.Splat(3f)));
        TVec negate = TS.Or(TS.Equal(q, TS.Splat(2f)), TS.Equal(q, TS.Splat(3f)));
        TVec sign = TS.Select(negate, TS.Splat(-1f), one);
        TVec x = TS.Select(odd, TS.Multiply(sin, TS.Splat(-1f)), cos);
        TVec y = TS.Select(odd, cos, sin);
        z0 = TS.Multiply(radius, TS.Multiply(x, sign));
        z1 = TS.Multiply(radius, TS.Multiply(y, sign));
    }

    /// <summary>
    /// Natural log for u in [2^-16, 1] (positive and normal): an exact power-of-two range reduction on the float's bits
    /// to u * 2^-e in [sqrt(1/2), sqrt(2)), then an atanh series.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Log<TS, TVec>(TVec u)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        // The unique power-of-two scaling of u into [SqrtHalf, 2 * SqrtHalf), so the series converges fast.
        u = TS.SplitExponent(u, SqrtHalf, out TVec e);

        // ln u = 2 atanh(t), t = (u - 1) / (u + 1), |t| < 0.172.
        TVec one = TS.Splat(1f);
        TVec t = TS.Divide(TS.Subtract(u, one), TS.Add(u, one));
        TVec t2 = TS.Multiply(t, t);
        TVec p = TS.MultiplyAdd(t2, TS.Splat(1f / 9), TS.Splat(1f / 7));
        p = TS.MultiplyAdd(p, t2, TS.Splat(1f / 5));
        p = TS.MultiplyAdd(p, t2, TS.Splat(1f / 3));
        p = TS.MultiplyAdd(p, t2, one);
        TVec lnU = TS.Multiply(TS.Add(t, t), p);
        return TS.MultiplyAdd(e, TS.Splat(Ln2), lnU);
    }

    /// <summary>Taylor polynomials on [-pi/4, pi/4]; truncation error below 3e-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SinCos<TS, TVec>(TVec x, out TVec sin, out TVec cos)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TVec x2 = TS.Multiply(x, x);
        TVec s = TS.MultiplyAdd(x2, TS.Splat(1f / 362880), TS.Splat(-1f / 5040));
        s = TS.MultiplyAdd(s, x2, TS.Splat(1f / 120));
        s = TS.MultiplyAdd(s, x2, TS.Splat(-1f / 6));
        s = TS.MultiplyAdd(s, x2, TS.Splat(1f));
        sin = TS.Multiply(s, x);

        TVec c = TS.MultiplyAdd(x2, TS.Splat(1f / 40320), TS.Splat(-1f / 720));
        c = TS.MultiplyAdd(c, x2, TS.Splat(1f / 24));
        c = TS.MultiplyAdd(c, x2, TS.Splat(-0.5f));
        cos = TS.MultiplyAdd(c, x2, TS.Splat(1f));
    }
}
