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

    private static void Hadamard(Span<float> block, float normaliser)
    {
        for (int h = 1; h < block.Length; h *= 2)
        {
            for (int i = 0; i < block.Length; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    (block[j], block[j + h]) = (block[j] + block[j + h], block[j] - block[j + h]);
                }
            }
        }

        for (int i = 0; i < block.Length; i++)
        {
            block[i] *= normaliser;
        }
    }
}
