using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// The noise is applied in one pass: ScaleAddProduct and SubtractProductDivide give, at every width, the bits of
/// the two passes they replace (Multiply, then ScaleAdd or SubtractDivide), and report a non-finite result.
/// </summary>
public class FusedNoiseKernelTests
{
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void One_pass_gives_the_bits_of_the_two_it_replaces(KernelWidth width)
    {
        KernelSet kernels = TestData.Require(width);
        KernelSet scalar = KernelSet.Get(KernelWidth.Scalar);
        var random = new Random(77);
        foreach (int n in TestData.Lengths)
        {
            float[] x = TestData.Gaussian(random, n, 3f), y = TestData.Gaussian(random, n);
            float scale = 0.5f + (float)random.NextDouble(), factor = (float)random.NextDouble() * 0.1f;

            float[] product = new float[n], twoPasses = new float[n], fused = new float[n];
            scalar.Multiply(y, factor, product);
            scalar.ScaleAdd(scale, x, product, twoPasses);
            Assert.True(kernels.ScaleAddProduct(scale, x, y, factor, fused));
            Assert.Equal(twoPasses, fused);

            scalar.SubtractDivide(x, product, scale, twoPasses);
            kernels.SubtractProductDivide(x, y, factor, scale, fused);
            Assert.Equal(twoPasses, fused);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void An_overflowing_result_anywhere_is_reported(KernelWidth width)
    {
        KernelSet kernels = TestData.Require(width);
        foreach (int n in new[] { 1, 15, 16, 17, 768 })
        {
            for (int at = 0; at < n; at += Math.Max(1, n / 5))
            {
                float[] x = new float[n], y = new float[n], d = new float[n];
                x[at] = float.MaxValue;
                Assert.False(kernels.ScaleAddProduct(4f, x, y, 1f, d));
            }
        }
    }
    [SkippableTheory]
    [MemberData(nameof(TestData.WidthData), MemberType = typeof(TestData))]
    public void In_place_gives_the_out_of_place_bits_at_every_length(KernelWidth width)
    {
        // The tail is an overlapping last vector: in place, lanes computed twice from a result already written
        // would be scaled twice (here past float.MaxValue, which would also be reported as non-finite).
        KernelSet kernels = TestData.Require(width);
        var random = new Random(78);
        foreach (int n in TestData.Lengths)
        {
            float[] x = TestData.Gaussian(random, n, float.MaxValue / 64), y = TestData.Gaussian(random, n);
            float[] expected = new float[n], inPlace = (float[])x.Clone();
            Assert.True(kernels.ScaleAddProduct(4f, x, y, 0.5f, expected));
            Assert.True(kernels.ScaleAddProduct(4f, inPlace, y, 0.5f, inPlace));
            Assert.Equal(expected, inPlace);

            inPlace = (float[])x.Clone();
            kernels.ScaleAdd(4f, x, y, expected);
            kernels.ScaleAdd(4f, inPlace, y, inPlace);
            Assert.Equal(expected, inPlace);
        }
    }
}
