using BenchmarkDotNet.Attributes;
using VectaX.Gpu;

namespace VectaX.Benchmarks;

/// <summary>
/// Whole-corpus encryption, d = 768, per vector: the GPU (CUDA, else OpenCL; without either, Auto is the CPU
/// engine and the ratio says nothing) against the CPU engine on every core, in the same run. Rows default to
/// 262,144 (768 MiB of input); VECTAX_GPU_ROWS sets another count, e.g. 1048576 on a large card.
/// </summary>
public class GpuBenchmarks
{
    private static readonly int Rows = int.TryParse(Environment.GetEnvironmentVariable("VECTAX_GPU_ROWS"), out int rows) ? rows : 262_144;
    private GpuCipher _gpu = null!;
    private VectorCipher _cpu = null!;
    private float[] _x = null!, _c = null!;
    private byte[] _m = null!;

    [Params(TransformKind.Fast, TransformKind.Dense)]
    public TransformKind Transform { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using VectaXKey key = VectaXKey.Generate(768, Transform);
        _gpu = new GpuCipher(key);
        _cpu = new VectorCipher(key);
        Console.WriteLine($"// GPU backend: {_gpu.Backend} ({_gpu.DeviceName}), rows {Rows}");
        var random = new Random(7);
        _x = new float[Rows * 768];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (float)(random.NextDouble() - 0.5);
        }

        _c = new float[_x.Length];
        _m = new byte[Rows * EncryptedVectorFormat.Size];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gpu.Dispose();
        _cpu.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void CpuEngineAllCores() => _cpu.EncryptBatch(_x, _c, _m);

    [Benchmark]
    public void Gpu() => _gpu.EncryptBatch(_x, _c, _m);
}
