using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// The normalised fast Walsh-Hadamard transform, in place, on a power-of-two block. Stages run in the order
/// of their stride (1, 2, 4, ...) at every width, and the last pass multiplies each sum by 1/sqrt(n) before it
/// stores it (the sum rounded, then the product rounded, as a separate scaling pass would): the same operations
/// on the same operands, hence the same bits, with one pass over the block fewer. Its own inverse.
/// </summary>
internal static class Hadamard
{
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

        // Two stages per pass (strides h and 2h on four vectors held in registers): the same sums as one stage
        // at a time, with half the loads and stores. A pass is the last when it reaches the block's length.
        int h = TS.Count;
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
