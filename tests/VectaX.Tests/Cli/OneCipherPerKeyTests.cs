using System.Runtime.CompilerServices;
using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>encrypt and decrypt build one cipher a key, on every device: the transform (O(d^3) for Dense) is set up once.</summary>
public sealed class OneCipherPerKeyTests : TempFolderTest
{
    [Theory]
    [InlineData("cpu", TransformKind.Dense)]
    [InlineData("ilgpu-cpu", TransformKind.Dense)]
    [InlineData("ilgpu-cpu", TransformKind.Fast)]
    public void Each_command_sets_the_transform_up_once(string device, TransformKind kind)
    {
        string key = Path("k.key"), vectors = Path("v.npy"), cipher = Path("c.npy"), meta = Path("m.jsonl");
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "16", "--out", key, "--transform", kind.ToString().ToLowerInvariant()));
        VectorFile.Write(vectors, [.. Enumerable.Range(0, 5).Select(i => TestData.Gaussian(new Random(260 + i), 16))]);

        Assert.Equal(1, Setups(() => Assert.Equal(0, Cli.Run(out _, out _, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta, "--device", device))));
        Assert.Equal(1, Setups(() => Assert.Equal(0, Cli.Run(out _, out _, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("b.npy"), "--device", device))));
    }

    [Fact]
    public void The_cpu_device_is_the_cipher_itself()
    {
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        Assert.Same(cipher, DeviceOption.Open(cipher, "cpu"));
        Assert.Same(cipher, DeviceOption.Open(cipher, "CPU"));
    }

    /// <summary>Transforms built while <paramref name="action"/> runs, in its async flow only (tests run in parallel).</summary>
    private static int Setups(Action action)
    {
        var count = new StrongBox<int>();
        OrthogonalTransform.Setups.Value = count;
        try
        {
            action();
        }
        finally
        {
            OrthogonalTransform.Setups.Value = null;
        }

        return count.Value;
    }
}
