using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>The noise direction samples are standard normal: moments and the tail cut that 16-bit halves imply.</summary>
public class BoxMullerTests
{
    [Fact]
    public void Samples_have_standard_normal_moments()
    {
        var random = new Random(81);
        uint[] words = Enumerable.Range(0, 1 << 19).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        float[] z = new float[2 * words.Length];
        KernelDispatch.Default.Gaussians(words, z);

        double mean = z.Average(x => (double)x);
        double variance = z.Average(x => ((double)x - mean) * (x - mean));
        double kurtosis = z.Average(x => Math.Pow(x - mean, 4)) / (variance * variance);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.99, 1.01);
        Assert.InRange(kurtosis, 2.95, 3.05);

        // u1 >= 2^-16 caps the pair radius at sqrt(32 ln 2).
        Assert.All(z, x => Assert.True(Math.Abs(x) <= Math.Sqrt(32 * Math.Log(2)) + 1e-4));
    }

    [Fact]
    public void Cosine_and_sine_sides_are_uncorrelated()
    {
        var random = new Random(82);
        uint[] words = Enumerable.Range(0, 1 << 16).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        float[] z = new float[2 * words.Length];
        KernelDispatch.Default.Gaussians(words, z);
        double sum = 0;
        for (int block = 0; block < z.Length; block += 32)
        {
            for (int j = 0; j < 16; j++)
            {
                sum += (double)z[block + j] * z[block + 16 + j];
            }
        }

        Assert.InRange(sum / words.Length, -0.02, 0.02);
    }
}
