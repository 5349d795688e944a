using FsCheck;
using FsCheck.Fluent;

namespace VectaX.Tests;

/// <summary>A key's parameters as an edge-case generator draws them; <see cref="ToString"/> names the case FsCheck reports.</summary>
public sealed record CipherCase(int Dimension, TransformKind Transform, float Scale, float Beta, int Seed)
{
    /// <summary>The cipher of this case (weak noise allowed: beta may be 0 or denormal on purpose).</summary>
    public VectorCipher Cipher()
    {
        using VectaXKey key = TestData.Key(Dimension, Transform, Beta, Scale, seed: (byte)Seed, allowWeakNoise: true);
        return new VectorCipher(key);
    }

    /// <summary>The noise radius s*beta/4, in double.</summary>
    public double Radius => (double)Scale * Beta / 4;

    public override string ToString() => $"d={Dimension} {Transform} s={Scale:R} beta={Beta:R} seed={Seed}";
}

/// <summary>The shapes of vector the edge generator draws: ordinary, zero, one-hot, denormal, tiny and huge norms.</summary>
public enum VectorShape
{
    /// <summary>Gaussian coordinates, norm about sqrt(d).</summary>
    Gaussian,

    /// <summary>All zeros: the ciphertext is the noise alone.</summary>
    Zero,

    /// <summary>One coordinate 1, the rest 0.</summary>
    OneHot,

    /// <summary>Every coordinate a denormal float (below 1.18e-38).</summary>
    Denormal,

    /// <summary>Norm 1e-30: normal floats, far below any noise.</summary>
    Tiny,

    /// <summary>Norm from 1e-6 of the largest the scale lets through (float.MaxValue / s, itself capped at float.MaxValue) to twice it.</summary>
    Huge,
}

/// <summary>
/// FsCheck generators that reach the edges on purpose instead of hoping a random draw does: dimensions at and around
/// the kernels' 32-float blocks and the Hadamard powers of two (1, 2, 3, 31, 32, 33, 1023, 1024, 1025), beta and scale
/// at their bounds (0, denormal, <see cref="VectaXKey.MinimumBeta"/>, <see cref="VectaXKey.MinimumScale"/>, 1, huge),
/// and vectors of every <see cref="VectorShape"/>; each edge is drawn about half the time, a random value otherwise.
/// </summary>
public static class EdgeCases
{
    /// <summary>Dimensions on each side of the 32-float kernel block and of the power-of-two Hadamard block.</summary>
    public static readonly int[] EdgeDimensions = [1, 2, 3, 31, 32, 33, 1023, 1024, 1025];

    /// <summary>Beta at its bounds: zero, the smallest denormal, tiny, the opt-in minimum, the default, and large.</summary>
    public static readonly float[] EdgeBetas = [0f, float.Epsilon, 1e-30f, VectaXKey.MinimumBeta, VectaXKey.DefaultBeta, 1f, 2f, 64f];

    /// <summary>Scale at its bounds: the minimum, 1, and large.</summary>
    public static readonly float[] EdgeScales = [VectaXKey.MinimumScale, 1e-6f, 1f, 1e6f, 1e20f];

    /// <summary>Largest Dense dimension drawn at random: its set-up grows as d^3.</summary>
    public const int MaxRandomDenseDimension = 160;

    private static Gen<float> Uniform(double low, double high) =>
        Gen.Choose(0, 1 << 24).Select(i => (float)(low + ((high - low) * i / (1 << 24))));

    private static Gen<T> EdgeOr<T>(T[] edges, Gen<T> random) => Gen.Frequency((1, Gen.Elements(edges)), (1, random));

    /// <summary>Both transforms, edge dimensions for each (Dense too: up to 1025 it still builds in well under a second), beta and scale at their bounds.</summary>
    public static Arbitrary<CipherCase> Cases() =>
        (from transform in Gen.Elements(TransformKind.Fast, TransformKind.Dense)
         from d in EdgeOr(EdgeDimensions, Gen.Choose(1, transform == TransformKind.Fast ? 4096 : MaxRandomDenseDimension))
         from scale in EdgeOr(EdgeScales, Uniform(0.5, 50))
         from beta in EdgeOr(EdgeBetas, Uniform(0, 2))
         from seed in Gen.Choose(0, 255)
         select new CipherCase(d, transform, scale, beta, seed)).ToArbitrary();

    /// <summary>Every shape about equally often.</summary>
    public static Arbitrary<VectorShape> Shapes() => Gen.Elements(Enum.GetValues<VectorShape>()).ToArbitrary();

    /// <summary>A vector of <paramref name="shape"/> for a key of scale <paramref name="scale"/> (the huge shape depends on it).</summary>
    public static float[] Vector(VectorShape shape, int d, float scale, Random random)
    {
        switch (shape)
        {
            case VectorShape.Zero:
                return new float[d];
            case VectorShape.OneHot:
                float[] hot = new float[d];
                hot[random.Next(d)] = 1;
                return hot;
            case VectorShape.Denormal:
                // Random denormals, both signs: bit patterns with a zero exponent and a non-zero mantissa.
                return [.. Enumerable.Range(0, d).Select(_ => BitConverter.Int32BitsToSingle(random.Next(1, 1 << 23) | (random.Next(2) << 31)))];
            case VectorShape.Tiny:
                return WithNorm(TestData.Gaussian(random, d), 1e-30);
            case VectorShape.Huge:
                double limit = Math.Min(float.MaxValue / (double)scale, float.MaxValue);
                return WithNorm(TestData.Gaussian(random, d), limit * Math.Pow(10, -6 + (random.NextDouble() * 6.3)));
            default:
                return TestData.Gaussian(random, d);
        }
    }

    private static float[] WithNorm(float[] v, double norm)
    {
        double current = TestData.Norm(v);
        if (current == 0)
        {
            v[0] = 1;
            current = 1;
        }

        // In double, so that no coordinate overflows on the way; each ends below the norm asked for.
        return [.. v.Select(x => (float)(x / current * norm))];
    }
}
