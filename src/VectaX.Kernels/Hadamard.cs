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

        for (int h = TS.Count; h < n; h <<= 1)
        {
            for (int i = 0; i < n; i += 2 * h)
            {
                for (int j = i; j < i + h; j += TS.Count)
                {
                    ref float lo = ref Unsafe.Add(ref p, j);
                    ref float hi = ref Unsafe.Add(ref p, j + h);
                    TVec a = TS.Load(ref lo);
                    TVec b = TS.Load(ref hi);
                    TS.Store(TS.Add(a, b), ref lo);
                    TS.Store(TS.Subtract(a, b), ref hi);
                }
            }
        }

        Elementwise.Multiply<TS, TVec>(block, Normaliser(n), block);
    }

    /// <summary>1/sqrt(n) rounded once to float.</summary>
    public static float Normaliser(int n) => (float)(1.0 / Math.Sqrt(n));
}
