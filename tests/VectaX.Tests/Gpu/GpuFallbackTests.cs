using VectaX.Gpu;

namespace VectaX.Tests.Gpu;

/// <summary>Without a GPU: the factory falls back to the CPU engine, and a GpuCipher is never built without a device.</summary>
public class GpuFallbackTests
{
    [SkippableFact]
    public void Without_a_gpu_auto_falls_back_to_the_cpu_engine_and_explicit_backends_say_what_is_missing()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        using var cpu = new VectorCipher(key);
        using IBatchCipher auto = BatchEngine.Open(cpu);
        Skip.If(auto is GpuCipher, $"A GPU is present: {auto.EngineName}.");

        Assert.Same(cpu, auto);
        Assert.Equal("CPU engine", auto.EngineName);
        float[] x = TestData.Gaussian(new Random(114), 3 * 16);
        float[] c = new float[x.Length];
        byte[] m = new byte[3 * EncryptedVectorFormat.Size];
        auto.EncryptBatch(x, c, m);
        float[] back = new float[x.Length];
        auto.DecryptBatch(c, m, back);
        Assert.True(TestData.Distance(back, x) < 1e-4);
        Assert.Contains("Cuda", Assert.Throws<AcceleratorUnavailableException>(() => new GpuCipher(key, GpuBackend.Cuda)).Message);
        Assert.Throws<AcceleratorUnavailableException>(() => new GpuCipher(key));
        Assert.Throws<AcceleratorUnavailableException>(() => BatchEngine.Open(cpu, GpuBackend.OpenCL));
    }

    [Fact]
    public void A_device_engine_borrows_the_cipher_and_a_failed_device_leaves_it_usable()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        using var cpu = new VectorCipher(key);
        float[] x = TestData.Gaussian(new Random(115), 2 * 16);
        float[] c = new float[x.Length];
        byte[] m = new byte[2 * EncryptedVectorFormat.Size];
        using (IBatchCipher device = BatchEngine.Open(cpu, GpuBackend.IlgpuCpu))
        {
            Assert.IsType<GpuCipher>(device);
            device.EncryptBatch(x, c, m);
        }

        // Disposing the borrowing engine left the cipher whole, and so did a device that could not be found.
        Assert.ThrowsAny<VectaXException>(() => new GpuCipher(cpu, GpuBackend.Cuda).Dispose());
        float[] back = new float[x.Length];
        cpu.DecryptBatch(c, m, back);
        Assert.True(TestData.Distance(back, x) < 1e-4);
    }
}
