using FsCheck.Xunit;

namespace VectaX.Tests;

/// <summary>The bounds the scheme promises, as FsCheck properties over random seeds, dimensions, parameters and transforms.</summary>
public class SchemeProperties
{
    private static (int D, float Scale, float Beta) Parameters(Random random, int maxDimension) =>
        (random.Next(1, maxDimension + 1), (float)(0.5 + (random.NextDouble() * 50)), (float)(random.NextDouble() * 2));

    /// <summary>A seeded random source and a cipher with random d, scale and beta for the seed.</summary>
    private static (Random Random, VectorCipher Cipher) Setup(int seed, SchemeVariant variant)
    {
        var random = new Random(seed);
        (TransformKind kind, TransformRevision revision) = Of(variant);
        (int d, float scale, float beta) = Parameters(random, MaxDimension(kind));
        d = Fit(d, revision);
        using VectaXKey key = TestData.Key(d, kind, beta, scale, seed: (byte)seed, allowWeakNoise: true, revision: revision);
        return (random, new VectorCipher(key));
    }

    private static (TransformKind Kind, TransformRevision Revision) Of(SchemeVariant variant) => variant switch
    {
        SchemeVariant.FastOriginal => (TransformKind.Fast, TransformRevision.Original),
        SchemeVariant.FastSingleGather => (TransformKind.Fast, TransformRevision.SingleGather),
        SchemeVariant.FastSplitHadamard => (TransformKind.Fast, TransformRevision.SplitHadamard),
        _ => (TransformKind.Dense, TransformRevision.Original),
    };

    private static int MaxDimension(TransformKind kind) => kind == TransformKind.Fast ? 4096 : 160;

    /// <summary>SplitHadamard takes multiples of 16 from 32: d rounded down to one.</summary>
    private static int Fit(int d, TransformRevision revision) => revision == TransformRevision.SplitHadamard ? 16 * Math.Max(2, d / 16) : d;

    [Property(MaxTest = 60)]
    public void Round_trip_recovers_the_vector_within_1e5_of_norm_plus_beta(int seed, SchemeVariant variant)
    {
        (Random random, VectorCipher cipher) = Setup(seed, variant);
        using VectorCipher disposeCipher = cipher;
        (int d, float scale, float beta) = (cipher.Dimension, cipher.Scale, cipher.Beta);
        float[] v = TestData.Gaussian(random, d, (float)Math.Pow(10, random.Next(-3, 4)));

        float[] back = cipher.Decrypt(cipher.Encrypt(v));

        double error = TestData.Distance(back, v);
        Assert.True(error <= 1e-5 * (TestData.Norm(v) + beta), $"d={d} error={error} norm={TestData.Norm(v)} beta={beta}");
    }

    [Property(MaxTest = 40)]
    public void Transform_preserves_norms_and_inner_products(int seed, SchemeVariant variant)
    {
        var random = new Random(seed);
        (TransformKind kind, TransformRevision revision) = Of(variant);
        int d = Fit(random.Next(1, MaxDimension(kind) + 1), revision);
        byte[] subKey = new byte[32];
        random.NextBytes(subKey);
        OrthogonalTransform q = OrthogonalTransform.Create(kind, revision, subKey, d);
        float[] x = TestData.Gaussian(random, d), y = TestData.Gaussian(random, d);
        float[] qx = new float[d], qy = new float[d], scratch = new float[d];

        q.Forward(x, qx, scratch, 1, Kernels.KernelDispatch.Default);
        q.Forward(y, qy, scratch, 1, Kernels.KernelDispatch.Default);

        double tolerance = 1e-5 * TestData.Norm(x) * TestData.Norm(y);
        Assert.InRange(TestData.Norm(qx), TestData.Norm(x) * (1 - 1e-5), TestData.Norm(x) * (1 + 1e-5));
        Assert.InRange(TestData.Dot(qx, qy), TestData.Dot(x, y) - tolerance, TestData.Dot(x, y) + tolerance);
    }

    [Property(MaxTest = 60)]
    public void Noise_norm_is_at_most_s_beta_over_four(int seed, SchemeVariant variant)
    {
        (Random random, VectorCipher cipher) = Setup(seed, variant);
        using VectorCipher disposeCipher = cipher;
        (int d, float scale, float beta) = (cipher.Dimension, cipher.Scale, cipher.Beta);

        // Q*0 = 0, so the ciphertext of the zero vector is the noise itself.
        for (int trial = 0; trial < 20; trial++)
        {
            double norm = TestData.Norm(cipher.Encrypt(new float[d]).Ciphertext);
            double bound = scale * beta / 4.0;
            Assert.True(norm <= bound * (1 + 1e-5), $"noise {norm} > bound {bound}");
            Assert.True(beta == 0 || norm > 0, "the noise must not vanish while beta > 0");
        }
    }

    [Property(MaxTest = 60)]
    public void Distance_is_preserved_within_beta_over_two(int seed, SchemeVariant variant)
    {
        (Random random, VectorCipher cipher) = Setup(seed, variant);
        using VectorCipher disposeCipher = cipher;
        (int d, float scale, float beta) = (cipher.Dimension, cipher.Scale, cipher.Beta);
        float[] x = TestData.Gaussian(random, d);
        float[] y = random.Next(2) == 0 ? TestData.Gaussian(random, d) : x.Select(v => v + (0.01f * (float)random.NextDouble())).ToArray();

        double plain = TestData.Distance(x, y);
        double encrypted = TestData.Distance(cipher.Encrypt(x).Ciphertext, cipher.Encrypt(y).Ciphertext) / scale;

        double rounding = 1e-5 * (TestData.Norm(x) + TestData.Norm(y) + beta);
        Assert.True(Math.Abs(encrypted - plain) <= (beta / 2.0) + rounding, $"|{encrypted} - {plain}| > beta/2 = {beta / 2}");
    }

    [Property(MaxTest = 60)]
    public void Order_is_kept_when_distances_differ_by_more_than_beta(int seed, SchemeVariant variant)
    {
        (Random random, VectorCipher cipher) = Setup(seed, variant);
        using VectorCipher disposeCipher = cipher;
        (int d, float scale, float beta) = (cipher.Dimension, cipher.Scale, cipher.Beta);
        float[] x = TestData.Gaussian(random, d);
        float[] direction = TestData.Unit(random, d);
        float near = (float)(random.NextDouble() * 2);
        float far = near + beta + 1e-3f + (float)random.NextDouble();
        float[] y = x.Select((v, i) => v + (near * direction[i])).ToArray();
        float[] z = x.Select((v, i) => v - (far * direction[i])).ToArray();
        Assert.True(TestData.Distance(x, y) < TestData.Distance(x, z) - beta, "premise: y is nearer than z by more than beta");

        float[] ex = cipher.Encrypt(x).Ciphertext;
        Assert.True(TestData.Distance(ex, cipher.Encrypt(y).Ciphertext) < TestData.Distance(ex, cipher.Encrypt(z).Ciphertext));
    }
}
