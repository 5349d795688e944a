using VectaX.Evaluation;

namespace VectaX.Tests.Evaluation;

/// <summary>The attack harness itself: without noise, d known pairs must give the key's map back essentially exactly.</summary>
public class KnownPlaintextAttackTests
{
    [Theory]
    [InlineData(TransformKind.Fast)]
    [InlineData(TransformKind.Dense)]
    public void Without_noise_d_pairs_recover_the_transform(TransformKind kind)
    {
        const int d = 32;
        using VectaXKey key = TestData.Key(d, kind, beta: 0f, scale: 3f, allowWeakNoise: true);
        using var cipher = new VectorCipher(key);
        var random = new Random(191);
        float[][] x = Enumerable.Range(0, d + 20).Select(_ => TestData.Gaussian(random, d)).ToArray();
        float[][] c = x.Select(v => cipher.Encrypt(v).Ciphertext).ToArray();

        foreach (DenseMatrix map in new[] { KnownPlaintextAttack.Procrustes(x[..d], c[..d], 3), KnownPlaintextAttack.LeastSquares(x[..d], c[..d], 3) })
        {
            for (int i = d; i < x.Length; i++)
            {
                float[] recovered = map.LeftMultiply(c[i], 1 / 3.0);
                Assert.True(TestData.Distance(recovered, x[i]) < 1e-3 * TestData.Norm(x[i]), $"{TestData.Distance(recovered, x[i])}");
            }
        }
    }

    [Fact]
    public void Noise_and_too_few_pairs_keep_the_recovery_imperfect()
    {
        const int d = 32;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast, beta: 1.5f);
        using var cipher = new VectorCipher(key);
        var random = new Random(192);
        float[][] x = Enumerable.Range(0, 60).Select(_ => TestData.Unit(random, d)).ToArray();
        float[][] c = x.Select(v => cipher.Encrypt(v).Ciphertext).ToArray();

        DenseMatrix few = KnownPlaintextAttack.Procrustes(x[..8], c[..8], 1);
        double cosine = Enumerable.Range(40, 20).Average(i => TestData.Dot(few.LeftMultiply(c[i]), x[i]) / TestData.Norm(few.LeftMultiply(c[i])));
        Assert.InRange(cosine, -1, 0.95);
    }
}
