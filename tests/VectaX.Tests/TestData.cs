using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>Seeded inputs shared by the tests.</summary>
internal static class TestData
{
    /// <summary>Every width, supported here or not: tests call <see cref="Require"/>, which skips the ones the CPU lacks.</summary>
    public static TheoryData<KernelWidth> WidthData() => new(Enum.GetValues<KernelWidth>());

    /// <summary>The kernel set for <paramref name="width"/>, or a visible skip where this CPU lacks it.</summary>
    public static KernelSet Require(KernelWidth width)
    {
        Skip.IfNot(KernelSet.IsSupported(width), $"This CPU does not run the {width} kernels.");
        return KernelSet.Get(width);
    }

    public static IEnumerable<KernelWidth> SupportedWidths => Enum.GetValues<KernelWidth>().Where(KernelSet.IsSupported);

    /// <summary>Lengths 0..257 and the real embedding sizes.</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 258).Concat([384, 768, 1536, 3072]);

    public static float[] Gaussian(Random random, int length, float scale = 1f)
    {
        var v = new float[length];
        for (int i = 0; i < length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            v[i] = (float)(r * Math.Cos(2 * Math.PI * u2)) * scale;
            if (i + 1 < length)
            {
                v[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2)) * scale;
            }
        }

        return v;
    }

    public static float[] Unit(Random random, int length)
    {
        float[] v = Gaussian(random, length);
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(v[i] / norm);
        }

        return v;
    }

    public static double Norm(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v)
        {
            s += (double)x * x;
        }

        return Math.Sqrt(s);
    }

    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }

    /// <summary>A key with a fixed secret, so a failing case can be rerun.</summary>
    public static VectaXKey Key(int dimension, TransformKind transform, float beta = 0.1f, float scale = 1f, uint keyId = 7, byte seed = 1, bool allowWeakNoise = false, TransformRevision revision = TransformRevision.Original)
    {
        var secret = new byte[VectaXKey.SecretSize];
        for (int i = 0; i < secret.Length; i++)
        {
            secret[i] = (byte)(seed * 31 + i);
        }

        return VectaXKey.FromSecret(secret, keyId, dimension, transform, beta, scale, allowWeakNoise, revision);
    }

    /// <summary>Unit vectors in 20 tight clusters: near ties inside a cluster, like real embeddings.</summary>
    public static float[][] Clustered(Random random, int count, int d)
    {
        float[][] centers = Enumerable.Range(0, 20).Select(_ => Unit(random, d)).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            float[] c = centers[random.Next(centers.Length)];
            float[] jitter = Gaussian(random, d, 0.05f);
            float[] v = c.Select((x, i) => x + jitter[i]).ToArray();
            double norm = Norm(v);
            return v.Select(x => (float)(x / norm)).ToArray();
        }).ToArray();
    }
}
