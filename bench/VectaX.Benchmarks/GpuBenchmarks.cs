using BenchmarkDotNet.Attributes;
using VectaX.Gpu;

namespace VectaX.Benchmarks;

/// <summary>
/// Whole-corpus encryption, 1,048,576 vectors a batch, reported per vector: the GPU (CUDA, else OpenCL; without
/// either, Auto is the CPU engine and the ratio says nothing) against the CPU engine on every core of the same
/// machine, and against the copy bound: the batch's bytes moved host to device and back through page-locked
/// memory with no kernels (<see cref="PcieCopy"/>). <see cref="TwoCoreBenchmarks"/> gives the 2-core rate.
/// </summary>
public class GpuBenchmarks
{
    /// <summary>Vectors a batch.</summary>
    public const int Rows = 1 << 20;

    private IBatchCipher _gpu = null!;
    private VectorCipher _cpu = null!;
    private PcieCopy _copy = null!;
    private float[] _x = null!, _c = null!;
    private byte[] _m = null!;

    /// <summary>The Fast transform at three dimensions, the Dense one at 768 (its O(d^2) rows make 1,536 a minute a batch on the CPU).</summary>
    public static IEnumerable<(int Dimension, TransformKind Transform)> Cases =>
        [(384, TransformKind.Fast), (768, TransformKind.Fast), (1536, TransformKind.Fast), (768, TransformKind.Dense)];

    [ParamsSource(nameof(Cases))]
    public (int Dimension, TransformKind Transform) Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using VectaXKey key = VectaXKey.Generate(Case.Dimension, Case.Transform);
        _cpu = new VectorCipher(key);
        _gpu = BatchEngine.Open(_cpu);
        GpuBackend? backend = (_gpu as GpuCipher)?.Backend;
        _copy = new PcieCopy(backend ?? GpuBackend.IlgpuCpu);
        Console.WriteLine($"// GPU backend: {backend?.ToString() ?? "none"} ({_gpu.EngineName}), rows {Rows}, d {Case.Dimension}, {Case.Transform}, cores {Environment.ProcessorCount}");
        _x = BenchData.Uniform(Rows * Case.Dimension, seed: 7);
        _c = new float[_x.Length];
        _m = new byte[Rows * EncryptedVectorFormat.Size];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gpu.Dispose();
        _cpu.Dispose();
        _copy.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public void CpuEngineAllCores() => _cpu.EncryptBatch(_x, _c, _m);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void Gpu() => _gpu.EncryptBatch(_x, _c, _m);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void CopyBound() => _copy.RoundTrip((long)_x.Length * sizeof(float));
}
