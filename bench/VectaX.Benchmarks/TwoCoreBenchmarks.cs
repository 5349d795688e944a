using BenchmarkDotNet.Attributes;

namespace VectaX.Benchmarks;

/// <summary>The CPU engine's batch on two cores (the development machine's count), per vector, at d = 768: the reference the GPU goal is stated against.</summary>
public class TwoCoreBenchmarks
{
    private const int Rows = 1 << 16;
    private VectorCipher _cpu = null!;
    private float[] _x = null!, _c = null!;
    private byte[] _m = null!;

    [Params(TransformKind.Fast, TransformKind.Dense)]
    public TransformKind Transform { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using VectaXKey key = VectaXKey.Generate(768, Transform);
        _cpu = new VectorCipher(key);
        _x = BenchData.Uniform(Rows * 768, seed: 8);
        _c = new float[_x.Length];
        _m = new byte[Rows * EncryptedVectorFormat.Size];
    }

    [GlobalCleanup]
    public void Cleanup() => _cpu.Dispose();

    [Benchmark(OperationsPerInvoke = Rows)]
    public void CpuEngineTwoCores() => _cpu.EncryptBatch(_x, _c, _m, maxDegreeOfParallelism: 2);
}
