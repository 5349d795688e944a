using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>Every width against the scalar reference: bit-identical over lengths 0..257 and the real dimensions; a width the CPU lacks is skipped, visibly.</summary>
public class KernelWidthTests
{
    private static readonly KernelSet Scalar = KernelSet.Get(KernelWidth.Scalar);

    public static TheoryData<KernelWidth> Widths => TestData.WidthData();

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Reductions_match_scalar_bit_for_bit(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(11);
        foreach (int n in TestData.Lengths)
        {
            float[] x = TestData.Gaussian(random, n);
            float[] y = TestData.Gaussian(random, n);
            Assert.Equal(Scalar.Dot(x, y), k.Dot(x, y));
            Assert.Equal(Scalar.SquaredDistance(x, y), k.SquaredDistance(x, y));
            Assert.Equal(Scalar.SumOfSquares(x), k.SumOfSquares(x));
            Assert.Equal(Scalar.CosineSimilarity(x, y), k.CosineSimilarity(x, y));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Elementwise_kernels_match_scalar_bit_for_bit(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(12);
        foreach (int n in TestData.Lengths)
        {
            float[] x = TestData.Gaussian(random, n);
            float[] y = TestData.Gaussian(random, n);
            float[] expected = new float[n], actual = new float[n];
            Scalar.ScaleAdd(1.7f, x, y, expected);
            k.ScaleAdd(1.7f, x, y, actual);
            Assert.Equal(expected, actual);
            Scalar.SubtractDivide(x, y, 0.3f, expected);
            k.SubtractDivide(x, y, 0.3f, actual);
            Assert.Equal(expected, actual);
            Scalar.Multiply(x, -2.5f, expected);
            k.Multiply(x, -2.5f, actual);
            Assert.Equal(expected, actual);
            Scalar.MultiplyEach(x, y, expected);
            k.MultiplyEach(x, y, actual);
            Assert.Equal(expected, actual);
            y.CopyTo(actual, 0);
            k.MultiplyEach(actual, x, actual);
            Assert.Equal(expected, actual);
            Assert.True(k.AllFinite(x));
            if (n > 0)
            {
                x[random.Next(n)] = random.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
                Assert.False(k.AllFinite(x));
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Hadamard_matches_scalar_bit_for_bit(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(13);
        for (int n = 1; n <= 4096; n *= 2)
        {
            float[] expected = TestData.Gaussian(random, n);
            float[] actual = (float[])expected.Clone();
            Scalar.Hadamard(expected);
            k.Hadamard(actual);
            Assert.Equal(expected, actual);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Hadamard_with_its_scaling_folded_in_gives_the_bits_of_butterflies_then_one_scaling_pass(KernelWidth width)
    {
        // The reference the fold must reproduce: every stage in stride order, then each value times 1/sqrt(n) rounded to float.
        KernelSet k = TestData.Require(width);
        var random = new Random(15);
        for (int n = 1; n <= 8192; n *= 2)
        {
            float[] expected = TestData.Gaussian(random, n, 7f);
            float[] actual = (float[])expected.Clone();
            Stages(expected, 1, n);

            float norm = (float)(1.0 / Math.Sqrt(n));
            for (int i = 0; i < n; i++)
            {
                expected[i] *= norm;
            }

            k.Hadamard(actual);
            Assert.Equal(expected, actual);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Hadamard_rows_and_groups_give_the_bits_of_their_stages_in_stride_order(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(16);
        for (int b = 2; b <= 512; b *= 2)
        {
            // Rows: the stages of stride 16, 32, ... one at a time, then each value times 1/sqrt(b) rounded to float.
            int n = 16 * b;
            float[] expected = TestData.Gaussian(random, n, 7f), actual = (float[])expected.Clone();
            Stages(expected, 16, n);
            float norm = (float)(1.0 / Math.Sqrt(b));
            for (int i = 0; i < n; i++)
            {
                expected[i] *= norm;
            }

            k.HadamardRows(actual);
            Assert.Equal(expected, actual);

            // Groups: pre, the stages of stride 1 to 8 in each group of 16, then post; any factors, not only signs.
            float[] pre = TestData.Gaussian(random, n), post = TestData.Gaussian(random, n);
            expected = TestData.Gaussian(random, n, 7f);
            actual = (float[])expected.Clone();
            for (int i = 0; i < n; i++)
            {
                expected[i] *= pre[i];
            }

            Stages(expected, 1, 16);
            for (int i = 0; i < n; i++)
            {
                expected[i] *= post[i];
            }

            k.HadamardGroups(actual, pre, post);
            Assert.Equal(expected, actual);
        }

        Assert.Throws<ArgumentException>(() => k.HadamardRows(new float[16]));
        Assert.Throws<ArgumentException>(() => k.HadamardRows(new float[48]));
        Assert.Throws<ArgumentException>(() => k.HadamardRows(new float[40]));
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(new float[24], new float[24], new float[24]));
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(new float[32], new float[16], new float[32]));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Gather_rows_gives_the_plain_gather_and_refuses_a_table_that_does_not_move_whole_rows(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(17);
        foreach (int rows in new[] { 1, 2, 3, 48, 256 })
        {
            int n = 16 * rows;
            int[] rowOrder = [.. Enumerable.Range(0, rows).OrderBy(_ => random.Next())];
            int[] table = [.. Enumerable.Range(0, n).Select(i => (16 * rowOrder[i / 16]) + random.Next(16))];
            float[] source = TestData.Gaussian(random, n), signs = TestData.Gaussian(random, n);
            float[] expected = new float[n], actual = new float[n];
            KernelSet.GatherSigned(source, table, signs, expected);
            k.GatherRows(source, table, signs, actual);
            Assert.Equal(expected, actual);

            // A run that crosses into another row, an index past the end or below zero: refused, nothing read out of place.
            int at = random.Next(n);
            foreach (int bad in new[] { table[at] ^ 16, n + (table[at] % 16), -1, int.MinValue, int.MaxValue })
            {
                int[] broken = (int[])table.Clone();
                broken[at] = bad;
                Assert.Throws<ArgumentException>(() => k.GatherRows(source, broken, signs, actual));
            }
        }

        Assert.Throws<ArgumentException>(() => k.GatherRows(new float[32], new int[24], new float[24], new float[24]));
        Assert.Throws<ArgumentException>(() => k.GatherRows(new float[8], new int[16], new float[16], new float[16]));
        Assert.Throws<ArgumentException>(() => k.GatherRows(new float[32], new int[32], new float[16], new float[32]));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Gather_rows_refuses_a_destination_that_overlaps_the_source_or_the_signs(KernelWidth width)
    {
        // The 512-bit width picks a whole source row before it stores the destination row, the narrower ones store each
        // part as they go: in place (a row reversed) they gave other bits. Overlap is refused at every width.
        KernelSet k = TestData.Require(width);
        int[] reversed = [.. Enumerable.Range(0, 32).Select(i => (16 * (i / 16)) + 15 - (i % 16))];
        float[] buffer = TestData.Gaussian(new Random(19), 96), signs = TestData.Gaussian(new Random(20), 32);
        Assert.Throws<ArgumentException>(() => k.GatherRows(buffer.AsSpan(0, 32), reversed, signs, buffer.AsSpan(0, 32)));
        Assert.Throws<ArgumentException>(() => k.GatherRows(buffer.AsSpan(0, 48), reversed, signs, buffer.AsSpan(40, 32)));
        Assert.Throws<ArgumentException>(() => k.GatherRows(buffer.AsSpan(0, 32), reversed, buffer.AsSpan(33, 32), buffer.AsSpan(32, 32)));

        // Spans side by side in one buffer are fine, and give the plain gather.
        float[] expected = new float[32];
        KernelSet.GatherSigned(buffer.AsSpan(0, 32), reversed, buffer.AsSpan(64, 32), expected);
        k.GatherRows(buffer.AsSpan(0, 32), reversed, buffer.AsSpan(64, 32), buffer.AsSpan(32, 32));
        Assert.Equal(expected, buffer.AsSpan(32, 32).ToArray());
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Hadamard_groups_refuse_factors_that_overlap_the_vector(KernelWidth width)
    {
        // The 512-bit width reads a group's post factors before it stores the group, the narrower ones after their first
        // stages: with post inside x they gave other bits. Factors that overlap x are refused at every width.
        KernelSet k = TestData.Require(width);
        float[] buffer = TestData.Gaussian(new Random(17), 96), factors = TestData.Gaussian(new Random(18), 32);
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(buffer.AsSpan(0, 32), factors, buffer.AsSpan(0, 32)));
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(buffer.AsSpan(0, 32), buffer.AsSpan(0, 32), factors));
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(buffer.AsSpan(16, 32), factors, buffer.AsSpan(0, 32)));
        Assert.Throws<ArgumentException>(() => k.HadamardGroups(buffer.AsSpan(0, 32), buffer.AsSpan(31, 32), factors));

        // Factors next to x, in the same buffer, are fine.
        k.HadamardGroups(buffer.AsSpan(32, 32), buffer.AsSpan(0, 32), buffer.AsSpan(64, 32));
    }

    /// <summary>Butterflies of stride first, 2 first, ... below limit over all of x, one stage at a time.</summary>
    private static void Stages(float[] x, int first, int limit)
    {
        for (int h = first; h < limit; h *= 2)
        {
            for (int i = 0; i < x.Length; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    float a = x[j], b = x[j + h];
                    x[j] = a + b;
                    x[j + h] = a - b;
                }
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Gaussians_match_scalar_bit_for_bit(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(14);
        foreach (int words in new[] { 0, 16, 32, 48, 384, 1536 })
        {
            uint[] w = Enumerable.Range(0, words).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
            w[0..Math.Min(words, 4)].AsSpan().Fill(words == 0 ? 0 : uint.MaxValue); // the extremes of both halves
            float[] expected = new float[2 * words], actual = new float[2 * words];
            Scalar.Gaussians(w, expected);
            k.Gaussians(w, actual);
            Assert.Equal(expected, actual);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Gaussians_with_their_sum_of_squares_match_the_two_passes_bit_for_bit(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(15);
        foreach (int count in new[] { 0, 1, 15, 16, 17, 31, 32, 33, 48, 383, 768, 1025, 3072 })
        {
            int words = ((count + 31) / 32) * 16;
            uint[] w = Enumerable.Range(0, words).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
            float[] expected = new float[2 * words], actual = new float[2 * words];
            Scalar.Gaussians(w, expected);
            float expectedSum = Scalar.SumOfSquares(expected.AsSpan(0, count));
            float actualSum = k.GaussiansSumOfSquares(w, actual, count);
            Assert.Equal(expected, actual);
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedSum), BitConverter.SingleToInt32Bits(actualSum));
        }

        Assert.Throws<ArgumentException>(() => k.GaussiansSumOfSquares(new uint[16], new float[32], 33));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Matrix_multiply_matches_scalar_bit_for_bit_and_rows_match_batches(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(15);
        foreach ((int rows, int inner, int columns) in new[] { (1, 1, 1), (5, 7, 3), (9, 33, 40), (4, 64, 64), (13, 100, 77), (3, 384, 384) })
        {
            float[] a = TestData.Gaussian(random, rows * inner);
            float[] b = TestData.Gaussian(random, inner * columns);
            float[] expected = new float[rows * columns], actual = new float[rows * columns];
            Scalar.MatrixMultiply(a, b, expected, rows, inner, columns);
            k.MatrixMultiply(a, b, actual, rows, inner, columns);
            Assert.Equal(expected, actual);

            float[] oneRow = new float[columns];
            k.MatrixMultiply(a.AsSpan((rows - 1) * inner, inner), b, oneRow, 1, inner, columns);
            Assert.Equal(actual.AsSpan((rows - 1) * columns).ToArray(), oneRow);
        }
    }

    [Fact]
    public void Dispatch_picks_the_widest_width_and_parses_the_override()
    {
        Assert.Equal(KernelWidth.V512, KernelDispatch.Parse("V512"));
        Assert.Equal(KernelWidth.Scalar, KernelDispatch.Parse(" scalar "));
        Assert.Throws<ArgumentException>(() => KernelDispatch.Parse("avx"));
        Assert.True(KernelSet.IsSupported(KernelDispatch.Best));
        Assert.All(TestData.SupportedWidths, w => Assert.True(w <= KernelDispatch.Best));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void Double_dot_and_reflection_match_scalar_bit_for_bit_and_keep_the_canonical_order(KernelWidth width)
    {
        KernelSet k = TestData.Require(width);
        var random = new Random(13);
        foreach (int n in TestData.Lengths)
        {
            double[] a = [.. TestData.Gaussian(random, n).Select(x => x * (1 + random.NextDouble()))];
            double[] b = [.. TestData.Gaussian(random, n).Select(x => x * (1 + random.NextDouble()))];
            Assert.Equal(CanonicalDot(a, b), k.Dot(a, b));
            Assert.Equal(Scalar.Dot(a, b), k.Dot(a, b));

            double[] expected = [.. a], actual = [.. a];
            Scalar.Reflect(expected, b, 0.37, -1);
            k.Reflect(actual, b, 0.37, -1);
            Assert.Equal(expected, actual);
        }

        Assert.Throws<ArgumentException>(() => k.Dot(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => k.Reflect(new double[3], new double[2], 1, 1));
    }

    [Fact]
    public void Kernels_reject_mismatched_lengths()
    {
        KernelSet k = KernelDispatch.Default;
        Assert.Throws<ArgumentException>(() => k.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => k.Hadamard(new float[6]));
        Assert.Throws<ArgumentException>(() => k.MultiplyEach(new float[3], new float[2], new float[3]));
        Assert.Throws<ArgumentException>(() => k.Gaussians(new uint[15], new float[30]));
        Assert.Throws<ArgumentException>(() => k.MatrixMultiply(new float[6], new float[6], new float[4], 2, 3, 3));
        Assert.Throws<ArgumentException>(() => KernelSet.GatherSigned(new float[2], [0, 2], [1f, 1f], new float[2]));
    }

    [Fact]
    public void A_gather_refuses_an_index_out_of_range_wherever_it_sits_and_reads_only_what_it_is_given()
    {
        // The check runs a vector at a time, then the tail: a bad index in either, or negative, is refused.
        const int n = 37;
        float[] source = TestData.Gaussian(new Random(117), n), signs = [.. Enumerable.Repeat(-1f, n)];
        int[] identity = [.. Enumerable.Range(0, n)];
        foreach (int at in new[] { 0, 5, 16, 31, 32, 36 })
        {
            foreach (int bad in new[] { n, -1, int.MinValue, int.MaxValue })
            {
                int[] indices = [.. identity];
                indices[at] = bad;
                Assert.Throws<ArgumentException>(() => KernelSet.GatherSigned(source, indices, signs, new float[n]));
            }
        }

        float[] gathered = new float[n];
        KernelSet.GatherSigned(source, [.. identity.Reverse()], signs, gathered);
        Assert.Equal(source.Reverse().Select(x => -x), gathered);
    }

    /// <summary>The documented order, written out: eight partial sums by FMA, folded in pairs, then the tail.</summary>
    private static double CanonicalDot(double[] a, double[] b)
    {
        double[] p = new double[8];
        int i = 0;
        for (; i <= a.Length - 8; i += 8)
        {
            for (int j = 0; j < 8; j++)
            {
                p[j] = Math.FusedMultiplyAdd(a[i + j], b[i + j], p[j]);
            }
        }

        double sum = ((p[0] + p[4]) + (p[1] + p[5])) + ((p[2] + p[6]) + (p[3] + p[7]));
        for (; i < a.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(a[i], b[i], sum);
        }

        return sum;
    }
}
