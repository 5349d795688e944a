using VectaX.Gpu;

namespace VectaX.Tests.Gpu;

/// <summary>GpuBackend.Auto without a GPU, and explicit backends that are absent.</summary>
public class GpuFallbackTests
{
    [SkippableFact]
    public void Without_a_gpu_auto_falls_back_to_the_cpu_engine_and_explicit_backends_say_what_is_missing()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        using var auto = new GpuCipher(key);
        Skip.If(auto.Backend is GpuBackend.Cuda or GpuBackend.OpenCL, $"A GPU is present: {auto.DeviceName}.");

        Assert.Equal(GpuBackend.CpuEngine, auto.Backend);
        float[] x = TestData.Gaussian(new Random(114), 3 * 16);
        float[] c = new float[x.Length];
        byte[] m = new byte[3 * EncryptedVectorFormat.Size];
        auto.EncryptBatch(x, c, m);
        float[] back = new float[x.Length];
        auto.DecryptBatch(c, m, back);
        Assert.True(TestData.Distance(back, x) < 1e-4);
        Assert.Contains("Cuda", Assert.Throws<AcceleratorUnavailableException>(() => new GpuCipher(key, GpuBackend.Cuda)).Message);
    }
}
