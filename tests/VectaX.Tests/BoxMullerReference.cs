namespace VectaX.Tests;

/// <summary>
/// The Box-Muller transform as first written, in plain scalar floats: the range reduction of ln u1 by a
/// compare-multiply-select ladder (2^-8, 2^-4, 2^-2, 2^-1, then sqrt(1/2)), the same atanh and sin/cos series and the
/// same quadrant rotation. The kernels must keep its bits whatever reduction they use.
/// </summary>
internal static class BoxMullerReference
{
    private const float Ln2 = 0.693147180559945309f;
    private const float SqrtHalf = 0.707106781186547524f;
    private const float HalfPi = 1.57079632679489662f;
    private const float RoundingBias = 12582912f;

    /// <summary>The cosine-side and sine-side samples of one word.</summary>
    public static (float Cosine, float Sine) Pair(uint word)
    {
        float u = ((word & 0xFFFF) + 1f) * (1f / 65536);
        float radius = MathF.Sqrt(-2f * Log(u));

        float f4 = (word >> 16) * (4f / 65536);
        float q = (f4 + RoundingBias) - RoundingBias;
        float phi = (f4 - q) * HalfPi;
        float x2 = phi * phi;
        float s = MathF.FusedMultiplyAdd(x2, 1f / 362880, -1f / 5040);
        s = MathF.FusedMultiplyAdd(s, x2, 1f / 120);
        s = MathF.FusedMultiplyAdd(s, x2, -1f / 6);
        s = MathF.FusedMultiplyAdd(s, x2, 1f);
        float sin = s * phi;
        float c = MathF.FusedMultiplyAdd(x2, 1f / 40320, -1f / 720);
        c = MathF.FusedMultiplyAdd(c, x2, 1f / 24);
        c = MathF.FusedMultiplyAdd(c, x2, -0.5f);
        float cos = MathF.FusedMultiplyAdd(c, x2, 1f);

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

    private static float Log(float u)
    {
        (u, float e) = Reduce(u);
        float t = (u - 1f) / (u + 1f);
        float t2 = t * t;
        float p = MathF.FusedMultiplyAdd(t2, 1f / 9, 1f / 7);
        p = MathF.FusedMultiplyAdd(p, t2, 1f / 5);
        p = MathF.FusedMultiplyAdd(p, t2, 1f / 3);
        p = MathF.FusedMultiplyAdd(p, t2, 1f);
        float lnU = (t + t) * p;
        return MathF.FusedMultiplyAdd(e, Ln2, lnU);
    }
}
