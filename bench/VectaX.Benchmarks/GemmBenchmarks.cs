using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using VectaX.Kernels;

namespace VectaX.Benchmarks;

/// <summary>
/// The dense transform's batch product, 256 rows times a d x d matrix, one thread each: the VectaX GEMM,
/// a System.Numerics.Tensors GEMM (a row as a sum of scaled matrix rows), and OpenBLAS sgemm (the baseline).
/// GFLOP/s = 2 * 256 * d^2 / time.
/// </summary>
public class GemmBenchmarks
{
    private const int Rows = 256;
    private float[] _a = null!, _b = null!, _c = null!;

    [Params(384, 768, 1536)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        _a = Enumerable.Range(0, Rows * Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, Dimension * Dimension).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[Rows * Dimension];
        OpenBlas.SetThreads(1);
        Console.WriteLine($"// OpenBLAS core: {System.Runtime.InteropServices.Marshal.PtrToStringAnsi(OpenBlas.CoreName())}");
    }

    [Benchmark]
    public void VectaX() => KernelDispatch.Default.MatrixMultiply(_a, _b, _c, Rows, Dimension, Dimension);

    [Benchmark]
    public void Tensors()
    {
        int d = Dimension;
        for (int r = 0; r < Rows; r++)
        {
            Span<float> row = _c.AsSpan(r * d, d);
            row.Clear();
            for (int j = 0; j < d; j++)
            {
                TensorPrimitives.MultiplyAdd(_b.AsSpan(j * d, d), _a[(r * d) + j], row, row);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public unsafe void OpenBlasSgemm()
    {
        fixed (float* a = _a, b = _b, c = _c)
        {
            OpenBlas.Sgemm(OpenBlas.RowMajor, OpenBlas.NoTrans, OpenBlas.NoTrans, Rows, Dimension, Dimension, 1f, a, Dimension, b, Dimension, 0f, c, Dimension);
        }
    }
}
