namespace VectaX.Tests;

/// <summary>The device plan: what a device needs of a key, zeroed on dispose, its public parameters only in ToString.</summary>
public class DevicePlanTests
{
    [Theory]
    [InlineData(TransformKind.Fast)]
    [InlineData(TransformKind.Dense)]
    public void A_plan_maps_as_the_cpu_transform_and_zeroes_its_copies_when_disposed(TransformKind kind)
    {
        const int d = 20;
        using VectaXKey key = TestData.Key(d, kind);
        using var cipher = new VectorCipher(key);
        var plan = cipher.CreateDevicePlan();
        Assert.Equal((kind, d, key.Scale), (plan.Transform, plan.Dimension, plan.Scale));
        Assert.Equal((double)key.Scale * key.Beta / 4, plan.NoiseRadius);
        Assert.Equal(32, plan.NoiseKey.Length);
        Assert.DoesNotContain(Convert.ToHexString(plan.NoiseKey), plan.ToString(), StringComparison.OrdinalIgnoreCase);

        // The plan's tables give the CPU transform's Q v.
        float[] v = TestData.Gaussian(new Random(116), d), expected = new float[d];
        cipher.TransformState.Forward(v, expected, new float[2 * d], 1, Kernels.KernelDispatch.Default);
        float[] mapped = kind == TransformKind.Dense ? DenseForward(plan, v) : FastForward(plan, v);
        Assert.True(TestData.Distance(expected, mapped) < 1e-5, $"{TestData.Distance(expected, mapped)}");

        // Views taken before the dispose see the plan's own copies zeroed; after it, the plan gives no zeroes to upload.
        ReadOnlySpan<byte> noiseKey = plan.NoiseKey;
        ReadOnlySpan<float> forwardMatrix = plan.ForwardMatrix, inverseMatrix = plan.InverseMatrix, forwardSigns = plan.ForwardSigns, inverseSigns = plan.InverseSigns;
        ReadOnlySpan<int> forwardPermutations = plan.ForwardPermutations, inversePermutations = plan.InversePermutations;
        plan.Dispose();
        Assert.All(noiseKey.ToArray(), b => Assert.Equal(0, b));
        Assert.All(forwardMatrix.ToArray().Concat(inverseMatrix.ToArray()).Concat(forwardSigns.ToArray()).Concat(inverseSigns.ToArray()), f => Assert.Equal(0f, f));
        Assert.All(forwardPermutations.ToArray().Concat(inversePermutations.ToArray()), p => Assert.Equal(0, p));
        Assert.Throws<ObjectDisposedException>(() => plan.NoiseKey.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.ForwardPermutations.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.ForwardSigns.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.InversePermutations.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.InverseSigns.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.ForwardMatrix.Length);
        Assert.Throws<ObjectDisposedException>(() => plan.InverseMatrix.Length);
        Assert.Equal(d, plan.Dimension);
        plan.Dispose();

        // The cipher keeps its own keys: disposing the plan took nothing from it.
        EncryptedVector sealedVector = cipher.Encrypt(v);
        Assert.True(TestData.Distance(cipher.Decrypt(sealedVector), v) < 1e-4);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(48)]
    [InlineData(768)]
    public void A_split_hadamard_plan_followed_as_documented_gives_the_cpu_transform_bit_for_bit(int d)
    {
        using VectaXKey key = TestData.Key(d, TransformKind.Fast, revision: TransformRevision.SplitHadamard);
        using var cipher = new VectorCipher(key);
        using DevicePlan plan = cipher.CreateDevicePlan();
        Assert.Equal(TransformRevision.SplitHadamard, plan.Revision);
        float[] v = TestData.Gaussian(new Random(d), d), expected = new float[d], back = new float[d];
        cipher.TransformState.Forward(v, expected, [], 1, Kernels.KernelSet.Get(Kernels.KernelWidth.Scalar));
        Assert.Equal(expected, SplitMap(plan, v, inverse: false));

        cipher.TransformState.Inverse((float[])expected.Clone(), back, [], 1, Kernels.KernelSet.Get(Kernels.KernelWidth.Scalar));
        Assert.Equal(back, SplitMap(plan, expected, inverse: true));
    }

    /// <summary>The SplitHadamard steps exactly as <see cref="DevicePlan.Revision"/> describes them, one stage at a time.</summary>
    private static float[] SplitMap(DevicePlan plan, float[] v, bool inverse)
    {
        int d = plan.Dimension, n = plan.HadamardBlock;
        ReadOnlySpan<float> signs = inverse ? plan.InverseSigns : plan.ForwardSigns;
        ReadOnlySpan<int> permutation = inverse ? plan.InversePermutations : plan.ForwardPermutations;
        float[] x = new float[d];
        for (int i = 0; i < d; i++)
        {
            x[i] = inverse ? v[i] : signs[i] * v[permutation[i]];
        }

        int[] order = inverse ? [d - n, 0] : [0, d - n];
        foreach (int pass in new[] { 0, 1 })
        {
            foreach (int start in n < d ? order : [0])
            {
                Hadamard(x.AsSpan(start, n), plan.HadamardNormaliser, first: 16);
            }

            if (pass == 1)
            {
                break;
            }

            int pre = inverse ? 2 * d : d, post = inverse ? d : 2 * d;
            for (int i = 0; i < d; i++)
            {
                x[i] *= signs[pre + i] * 0.25f;
            }

            for (int g = 0; g < d; g += 16)
            {
                Stages(x.AsSpan(g, 16), 1);
            }

            for (int i = 0; i < d; i++)
            {
                x[i] *= signs[post + i];
            }
        }

        if (!inverse)
        {
            return x;
        }

        float[] y = new float[d];
        for (int i = 0; i < d; i++)
        {
            y[i] = signs[i] * x[permutation[i]];
        }

        return y;
    }

    private static void Stages(Span<float> block, int first)
    {
        for (int h = first; h < block.Length; h *= 2)
        {
            for (int i = 0; i < block.Length; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    (block[j], block[j + h]) = (block[j] + block[j + h], block[j] - block[j + h]);
                }
            }
        }
    }

    private static float[] DenseForward(DevicePlan plan, float[] v)
    {
        int d = plan.Dimension;
        float[] y = new float[d];
        for (int c = 0; c < d; c++)
        {
            for (int k = 0; k < d; k++)
            {
                y[c] += v[k] * plan.ForwardMatrix[(k * d) + c];
            }
        }

        return y;
    }

    private static float[] FastForward(DevicePlan plan, float[] v)
    {
        int d = plan.Dimension, n = plan.HadamardBlock;
        float[] x = [.. v];
        for (int r = 0; r < plan.FastRounds; r++)
        {
            float[] y = new float[d];
            for (int i = 0; i < d; i++)
            {
                y[i] = plan.ForwardSigns[(r * d) + i] * x[plan.ForwardPermutations[(r * d) + i]];
            }

            Hadamard(y.AsSpan(0, n), plan.HadamardNormaliser);
            if (n < d)
            {
                Hadamard(y.AsSpan(d - n), plan.HadamardNormaliser);
            }

            x = y;
        }

        return x;
    }

    /// <summary>The butterflies from stride <paramref name="first"/> up, one stage at a time, then the scaling.</summary>
    private static void Hadamard(Span<float> block, float normaliser, int first = 1)
    {
        Stages(block, first);
        for (int i = 0; i < block.Length; i++)
        {
            block[i] *= normaliser;
        }
    }
}
