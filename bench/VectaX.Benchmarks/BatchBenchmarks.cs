using BenchmarkDotNet.Attributes;

namespace VectaX.Benchmarks;

/// <summary>Batch encryption throughput, per vector, on one core and on two (the ratio is the scaling).</summary>
public class BatchBenchmarks
{
    private const int Rows = 2048;
    private VectorCipher _cipher = null!;
    private float[] _x = null!, _c = null!, _p = null!;
    private byte[] _m = null!;

    [Params(768)]
    public int Dimension { get; set; }

    [Params(TransformKind.Fast, TransformKind.Dense)]
    public TransformKind Transform { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using VectaXKey key = VectaXKey.Generate(Dimension, Transform);
        _cipher = new VectorCipher(key);
        var random = new Random(2);
        _x = Enumerable.Range(0, Rows * Dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _c = new float[_x.Length];
        _m = new byte[Rows * EncryptedVectorFormat.Size];
        _cipher.EncryptBatch(_x, _c, _m);
        _p = new float[_x.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public void OneCore() => _cipher.EncryptBatch(_x, _c, _m, maxDegreeOfParallelism: 1);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void TwoCores() => _cipher.EncryptBatch(_x, _c, _m, maxDegreeOfParallelism: 2);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void DecryptTwoCores() => _cipher.DecryptBatch(_c, _m, _p, maxDegreeOfParallelism: 2);
}
