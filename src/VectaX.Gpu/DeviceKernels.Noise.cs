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
            lanes[17] = lanes[0] > 0 ? r / XMath.Sqrt(lanes[0]) : 0f;
        }

        Group.Barrier();
        float sumOfSquares = lanes[0], factor = lanes[17], zeroRadius = lanes[16];
        for (int i = t; i < d; i += threads)
        {
            float n = sumOfSquares > 0 ? g[i] * factor : (i == 0 ? zeroRadius : 0f);
            output[at + i] = decrypt != 0 ? (input[at + i] - n) / scale : (scale * input[at + i]) + n;
        }
    }

    /// <summary>Gaussian sample i: word i mod 16 of block i / 32, cosine side for the first 16 of each 32.</summary>
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
        bool odd = q == 1f || q == 3f;
        float sign = q == 2f || q == 3f ? -1f : 1f;
        float value = j < 16 ? (odd ? -sin : cos) : (odd ? cos : sin);
        return radius * (value * sign);
    }

    /// <summary>ln(u / 65536) for u in [1, 65536], by the CPU's range reduction and atanh series.</summary>
    private static float Log(float scaledU)
    {
        float u = scaledU * (1f / 65536);
        float e = 0f;
        for (int k = 8; k > 0; k >>= 1)
        {
            if (u < 1f / (1 << k))
            {
                u *= 1 << k;
                e -= k;
            }
        }

        if (u < 0.707106781186547524f)
        {
            u += u;
            e -= 1f;
        }

        float t = (u - 1f) / (u + 1f);
        float t2 = t * t;
        float p = (((((((t2 * (1f / 9)) + (1f / 7)) * t2) + (1f / 5)) * t2) + (1f / 3)) * t2) + 1f;
        return (e * 0.693147180559945309f) + ((t + t) * p);
    }
}
