namespace VectaX.Tests;

/// <summary>
/// The Box-Muller transform as first written, in plain scalar floats: the range reduction of ln u1 by a
/// compare-multiply-select ladder (2^-8, 2^-4, 2^-2, 2^-1, then sqrt(1/2)), the same atanh and sin/cos series and the
/// same quadrant rotation. The kernels must keep its bits whatever reduction they use: the CPU kernels with fused
/// multiply-adds, the device kernel (on ILGPU's CPU accelerator) with each product rounded before its sum.
/// </summary>
internal static class BoxMullerReference
{
    private const float Ln2 = 0.693147180559945309f;
    private const float SqrtHalf = 0.707106781186547524f;
    private const float HalfPi = 1.57079632679489662f;
    private const float RoundingBias = 12582912f;

    /// <summary>The cosine-side and sine-side samples of one word, the series' multiply-adds fused or not.</summary>
    public static (float Cosine, float Sine) Pair(uint word, bool fused)
    {
        float u = ((word & 0xFFFF) + 1f) * (1f / 65536);
        float radius = MathF.Sqrt(-2f * Log(u, fused));

        float f4 = (word >> 16) * (4f / 65536);
        float q = (f4 + RoundingBias) - RoundingBias;
        float phi = (f4 - q) * HalfPi;
        float x2 = phi * phi;
        float s = MultiplyAdd(x2, 1f / 362880, -1f / 5040, fused);
        s = MultiplyAdd(s, x2, 1f / 120, fused);
        s = MultiplyAdd(s, x2, -1f / 6, fused);
        s = MultiplyAdd(s, x2, 1f, fused);
        float sin = s * phi;
        float c = MultiplyAdd(x2, 1f / 40320, -1f / 720, fused);
        c = MultiplyAdd(c, x2, 1f / 24, fused);
        c = MultiplyAdd(c, x2, -0.5f, fused);
        float cos = MultiplyAdd(c, x2, 1f, fused);

        bool odd = q == 1f || q == 3f;
        float sign = q == 2f || q == 3f ? -1f : 1f;
        float x = odd ? sin * -1f : cos;
        float y = odd ? cos : sin;
        return (radius * (x * sign), radius * (y * sign));
    }

    /// <summary>The reduced u in [sqrt(1/2), sqrt(2)) and its exponent, by the ladder of selects.</summary>
    public static (float U, float E) Reduce(float u)
    {
        float e = 0f;
        for (int k = 8; k > 0; k >>= 1)
        {
            if (u < 1f / (1 << k))
            {
                u *= 1 << k;
                e -= k;
            }
        }

        if (u < SqrtHalf)
        {
            u += u;
            e -= 1f;
        }

        return (u, e);
    }

    private static float Log(float u, bool fused)
    {
        (u, float e) = Reduce(u);
        float t = (u - 1f) / (u + 1f);
        float t2 = t * t;
        float p = MultiplyAdd(t2, 1f / 9, 1f / 7, fused);
        p = MultiplyAdd(p, t2, 1f / 5, fused);
        p = MultiplyAdd(p, t2, 1f / 3, fused);
        p = MultiplyAdd(p, t2, 1f, fused);
        float lnU = (t + t) * p;
        return MultiplyAdd(e, Ln2, lnU, fused);
    }

    private static float MultiplyAdd(float a, float b, float c, bool fused) => fused ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
