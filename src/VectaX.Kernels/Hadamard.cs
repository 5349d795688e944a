using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// The normalised fast Walsh-Hadamard transform, in place, on a power-of-two block. Stages run in the order
/// of their stride (1, 2, 4, ...) at every width, then the block is scaled once by 1/sqrt(n): the same
/// operations on the same operands, hence the same bits. The normalised transform is its own inverse.
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
        for (int i = 0; i < n; i += TS.Count)
        {
            ref float v = ref Unsafe.Add(ref p, i);
            TS.Store(TS.HadamardLanes(TS.Load(ref v)), ref v);
        }

        // Two stages per pass (strides h and 2h on four vectors held in registers): the same sums as one stage
        // at a time, with half the loads and stores.
        int h = TS.Count;
        for (; 4 * h <= n; h *= 4)
        {
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
                    TS.Store(TS.Add(s0, s2), ref p0);
                    TS.Store(TS.Add(s1, s3), ref p1);
                    TS.Store(TS.Subtract(s0, s2), ref p2);
                    TS.Store(TS.Subtract(s1, s3), ref p3);
                }
            }
        }

        if (2 * h <= n)
        {
            for (int j = 0; j < h; j += TS.Count)
            {
                ref float lo = ref Unsafe.Add(ref p, j);
                ref float hi = ref Unsafe.Add(ref lo, h);
                TVec a = TS.Load(ref lo);
                TVec b = TS.Load(ref hi);
                TS.Store(TS.Add(a, b), ref lo);
                TS.Store(TS.Subtract(a, b), ref hi);
            }
        }

        Elementwise.Multiply<TS, TVec>(block, Normaliser(n), block);
    }

    /// <summary>1/sqrt(n) rounded once to float.</summary>
    public static float Normaliser(int n) => (float)(1.0 / Math.Sqrt(n));
}
