using ILGPU;
using ILGPU.Algorithms;

namespace VectaX.Gpu;

internal static partial class DeviceKernels
{
    /// <summary>
    /// One thread group per row: the threads draw the row's Gaussian samples from its keystream into shared memory
    /// (<paramref name="shared"/> = 1) or the row's slice of <paramref name="work"/>; sixteen threads sum their squares
    /// in the CPU engine's canonical order (lane i mod 16, then 8, 4, 2, 1); one thread derives the radius and the
    /// scaling; then every thread writes encrypt (out = s*q + n) or decrypt (out = (q - n)/s) for its elements.
    /// Polynomials are the CPU's; without a fused multiply-add on every backend, results agree to float rounding.
    /// The samples and the scaling select on the keystream's bits, never branch on them or index by them; the radius's
    /// double log and exp are ILGPU's XMath (on CUDA, CORDIC loops whose trip counts follow the radius word).
    /// </summary>
    public static void Noise(ArrayView<uint> keystream, ArrayView<float> input, ArrayView<float> output, ArrayView<float> work, int d, int wordsPerRow, int directionWords, float scale, double radius, int decrypt, int shared)
    {
        long row = Grid.IdxX;
        long ks = row * wordsPerRow;
        long at = row * d;
        int t = Group.IdxX, threads = Group.DimX;
        ArrayView<float> memory = SharedMemory.GetDynamic<float>();
        ArrayView<float> lanes = memory.SubView(0, 18);
        ArrayView<float> g = shared != 0 ? memory.SubView(18, d) : work.SubView(at, d);
        for (int i = t; i < d; i += threads)
        {
            g[i] = Sample(keystream, ks, i);
        }

        Group.Barrier();
        if (t < 16)
        {
            float sum = 0f;
            for (int i = t; i < d; i += 16)
            {
                sum = (g[i] * g[i]) + sum;
            }

            lanes[t] = sum;
        }

        Group.Barrier();
        if (t == 0)
        {
            for (int half = 8; half > 0; half >>= 1)
            {
                for (int l = 0; l < half; l++)
                {
                    lanes[l] += lanes[l + half];
                }
            }

            uint radiusWord = keystream[ks + directionWords];
            double u = ((radiusWord >> 8) + 1) * (1.0 / 16777216.0);
            float r = (float)(radius * XMath.Exp(XMath.Log(u) / d));
            lanes[16] = r;
            lanes[17] = Select(Positive(lanes[0]), r / XMath.Sqrt(lanes[0]), 0f);
        }

        Group.Barrier();
        uint positive = Positive(lanes[0]);
        float factor = lanes[17], zeroRadius = lanes[16];
        for (int i = t; i < d; i += threads)
        {
            // Every sample zero (likely only for tiny d): the radius along the first axis, as the CPU engine.
            float n = Select(positive, g[i] * factor, i == 0 ? zeroRadius : 0f);
            output[at + i] = decrypt != 0 ? (input[at + i] - n) / scale : (scale * input[at + i]) + n;
        }
    }

    /// <summary>
    /// Gaussian sample i: word i mod 16 of block i / 32, cosine side for the first 16 of each 32. The quadrant
    /// rotation selects on the word's bits, as the CPU kernels do, instead of branching on them.
    /// </summary>
    private static float Sample(ArrayView<uint> keystream, long offset, int i)
    {
        int block = i / 32, j = i % 32;
        uint word = keystream[offset + (block * 16) + (j % 16)];
        float radius = XMath.Sqrt(-2f * Log((word & 0xFFFF) + 1f));
        float f4 = (word >> 16) * (4f / 65536);
        float q = (f4 + 12582912f) - 12582912f;
        float phi = (f4 - q) * 1.57079632679489662f;
        float x2 = phi * phi;
        float sin = ((((((((x2 * (1f / 362880)) + (-1f / 5040)) * x2) + (1f / 120)) * x2) + (-1f / 6)) * x2) + 1f) * phi;
        float cos = (((((((x2 * (1f / 40320)) + (-1f / 720)) * x2) + (1f / 24)) * x2) + -0.5f) * x2) + 1f;

        // q quarter turns, q in 0..4 (4 is the identity): odd q takes (cos, sin) to (-sin, cos); q of 2 or 3 negates
        // both, a flip of the sign bit (the bits of a product by -1).
        int quarter = (int)q;
        uint odd = 0u - (uint)(quarter & 1);
        uint negate = (uint)(quarter & 2) << 30;
        float value = j < 16 ? Select(odd, -sin, cos) : Select(odd, cos, sin);
        return radius * Interop.IntAsFloat(Interop.FloatAsInt(value) ^ negate);
    }

    /// <summary>
    /// ln(u / 65536) for u in [1, 65536], by the CPU's range reduction and atanh series: u = m * 2^e split exactly on
    /// the float's bits (as ISimd.SplitExponent: the pivot's bits subtracted, e from the high part, m from the low 23
    /// bits plus the pivot's) with m in [sqrt(1/2), sqrt(2)); no branch.
    /// </summary>
    private static float Log(float scaledU)
    {
        float u = scaledU * (1f / 65536);
        uint pivot = Interop.FloatAsInt(0.707106781186547524f);
        int offset = (int)(Interop.FloatAsInt(u) - pivot);
        float e = offset >> 23;
        u = Interop.IntAsFloat((uint)(offset & 0x7FFFFF) + pivot);

        float t = (u - 1f) / (u + 1f);
        float t2 = t * t;
        float p = (((((((t2 * (1f / 9)) + (1f / 7)) * t2) + (1f / 5)) * t2) + (1f / 3)) * t2) + 1f;
        return (e * 0.693147180559945309f) + ((t + t) * p);
    }

    /// <summary>All ones where <paramref name="sumOfSquares"/> (never negative, never -0) is above zero, else none.</summary>
    private static uint Positive(float sumOfSquares) => (uint)(-(int)Interop.FloatAsInt(sumOfSquares) >> 31);

    /// <summary><paramref name="ifSet"/> where <paramref name="mask"/> is all ones, <paramref name="ifClear"/> where it is zero, by the bits.</summary>
    private static float Select(uint mask, float ifSet, float ifClear) =>
        Interop.IntAsFloat((Interop.FloatAsInt(ifSet) & mask) | (Interop.FloatAsInt(ifClear) & ~mask));
}
