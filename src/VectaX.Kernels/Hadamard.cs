using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// The normalised fast Walsh-Hadamard transform, in place, on a power-of-two block. Stages run in the order
/// of their stride (1, 2, 4, ...) at every width, and the last pass multiplies each sum by 1/sqrt(n) before it
/// stores it (the sum rounded, then the product rounded, as a separate scaling pass would): the same operations
/// on the same operands, hence the same bits, with one pass over the block fewer. Its own inverse.
/// <see cref="Groups{TS, TVec}"/> and <see cref="Rows{TS, TVec}"/> split the stages: strides below 16 within each group
/// of 16 floats, and strides from 16 up across the groups.
/// </summary>
internal static class Hadamard
{
    /// <summary>Floats in a group of <see cref="Groups{TS, TVec}"/> and in a row of <see cref="Rows{TS, TVec}"/>.</summary>
    public const int GroupLength = 16;

    public static void Transform<TS, TVec>(Span<float> block)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        int n = block.Length;
        if (n < TS.Count)
        {
            Transform<ScalarSimd, float>(block);
            return;
        }

        ref float p = ref MemoryMarshal.GetReference(block);
        TVec norm = TS.Splat(Normaliser(n));
        bool lanesOnly = n == TS.Count;
        for (int i = 0; i < n; i += TS.Count)
        {
            ref float v = ref Unsafe.Add(ref p, i);
            TVec lanes = TS.HadamardLanes(TS.Load(ref v));
            TS.Store(lanesOnly ? TS.Multiply(lanes, norm) : lanes, ref v);
        }

        CrossStages<TS, TVec>(ref p, n, TS.Count, norm);
    }

    /// <summary>
    /// The stages of stride 16, 32, ..., n/2 of <see cref="Transform{TS, TVec}"/> on a block of n = 16b floats (b a power
    /// of two): the transform across its b rows of 16, each lane of a row with the same lane of the others, normalised by
    /// 1/sqrt(b) in the last pass. Its own inverse.
    /// </summary>
    public static void Rows<TS, TVec>(Span<float> block)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        CrossStages<TS, TVec>(ref MemoryMarshal.GetReference(block), block.Length, GroupLength, TS.Splat(Normaliser(block.Length / GroupLength)));
    }

    /// <summary>
    /// x = post * H16(pre * x) on every aligned group of 16 floats: the sign or scale <paramref name="pre"/>, the
    /// unnormalised stages of stride 1, 2, 4 and 8 in that order, then <paramref name="post"/>; one pass over x at the
    /// 512-bit width. H16 is not normalised (H16 H16 = 16 I): a caller folds 1/4 into <paramref name="pre"/>.
    /// </summary>
    public static void Groups<TS, TVec>(Span<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> post)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pa = ref MemoryMarshal.GetReference(pre);
        ref float pb = ref MemoryMarshal.GetReference(post);
        int n = x.Length;
        if (TS.Count == GroupLength)
        {
            for (int i = 0; i < n; i += GroupLength)
            {
                ref float v = ref Unsafe.Add(ref px, i);
                TVec lanes = TS.HadamardLanes(TS.Multiply(TS.Load(ref v), TS.Load(ref Unsafe.Add(ref pa, i))));
                TS.Store(TS.Multiply(lanes, TS.Load(ref Unsafe.Add(ref pb, i))), ref v);
            }

            return;
        }

        // Narrower widths: the strides below the width in registers, the rest between the group's vectors in place.
        for (int g = 0; g < n; g += GroupLength)
        {
            for (int k = g; k < g + GroupLength; k += TS.Count)
            {
                ref float v = ref Unsafe.Add(ref px, k);
                TS.Store(TS.HadamardLanes(TS.Multiply(TS.Load(ref v), TS.Load(ref Unsafe.Add(ref pa, k)))), ref v);
            }

            for (int h = TS.Count; h < GroupLength; h *= 2)
            {
                bool last = 2 * h == GroupLength;
                for (int j = g; j < g + GroupLength; j += 2 * h)
                {
                    for (int k = j; k < j + h; k += TS.Count)
                    {
                        ref float lo = ref Unsafe.Add(ref px, k);
                        ref float hi = ref Unsafe.Add(ref lo, h);
                        TVec a = TS.Load(ref lo), b = TS.Load(ref hi);
                        TVec sum = TS.Add(a, b), difference = TS.Subtract(a, b);
                        if (last)
                        {
                            sum = TS.Multiply(sum, TS.Load(ref Unsafe.Add(ref pb, k)));
                            difference = TS.Multiply(difference, TS.Load(ref Unsafe.Add(ref pb, k + h)));
                        }

                        TS.Store(sum, ref lo);
                        TS.Store(difference, ref hi);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stages of stride h, 2h, ... n/2 on x[0, n), h at least the width: two stages per pass (strides h and 2h on four
    /// vectors held in registers), the same sums as one stage at a time with half the loads and stores; the pass that
    /// reaches the block's length multiplies by <paramref name="norm"/> before it stores.
    /// </summary>
    private static void CrossStages<TS, TVec>(ref float p, int n, int h, TVec norm)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        for (; 4 * h <= n; h *= 4)
        {
            bool last = 4 * h == n;
            for (int i = 0; i < n; i += 4 * h)
            {
                for (int j = i; j < i + h; j += TS.Count)
                {
                    ref float p0 = ref Unsafe.Add(ref p, j);
                    ref float p1 = ref Unsafe.Add(ref p0, h);
                    ref float p2 = ref Unsafe.Add(ref p0, 2 * h);
                    ref float p3 = ref Unsafe.Add(ref p0, 3 * h);
                    TVec a = TS.Load(ref p0), b = TS.Load(ref p1), c = TS.Load(ref p2), d = TS.Load(ref p3);
                    TVec s0 = TS.Add(a, b), s1 = TS.Subtract(a, b), s2 = TS.Add(c, d), s3 = TS.Subtract(c, d);
                    TVec r0 = TS.Add(s0, s2), r1 = TS.Add(s1, s3), r2 = TS.Subtract(s0, s2), r3 = TS.Subtract(s1, s3);
                    if (last)
                    {
                        r0 = TS.Multiply(r0, norm);
                        r1 = TS.Multiply(r1, norm);
                        r2 = TS.Multiply(r2, norm);
                        r3 = TS.Multiply(r3, norm);
                    }

                    TS.Store(r0, ref p0);
                    TS.Store(r1, ref p1);
                    TS.Store(r2, ref p2);
                    TS.Store(r3, ref p3);
                }
            }
        }

        if (2 * h == n)
        {
            for (int j = 0; j < h; j += TS.Count)
            {
                ref float lo = ref Unsafe.Add(ref p, j);
                ref float hi = ref Unsafe.Add(ref lo, h);
                TVec a = TS.Load(ref lo);
                TVec b = TS.Load(ref hi);
                TS.Store(TS.Multiply(TS.Add(a, b), norm), ref lo);
                TS.Store(TS.Multiply(TS.Subtract(a, b), norm), ref hi);
            }
        }
    }

    /// <summary>1/sqrt(n) rounded once to float.</summary>
    public static float Normaliser(int n) => (float)(1.0 / Math.Sqrt(n));
}
