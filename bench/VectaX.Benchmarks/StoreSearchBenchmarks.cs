using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using VectaX.Qdrant;

namespace VectaX.Benchmarks;

/// <summary>
/// Exact search in the embedded store (its file mapped, as the CLI opens it), per query, against the floor: a plain
/// scan of the same vectors with TensorPrimitives on every core, keeping only the nearest row. Batch: 32 queries in
/// one pass, reported per query.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class StoreSearchBenchmarks
{
    private const string Collection = "bench";
    private const int Batch = 32;
    private float[] _block = null!;
    private float[][] _queries = null!;
    private ReadOnlyMemory<float>[] _batch = null!;
    private EmbeddedVectorStore _store = null!;
    private int _next;

    [Params("1000000x384", "200000x768")]
    public string Shape { get; set; } = "";

    private int Rows => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int Dimension => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        string file = StoreFixture.File(Rows, Dimension, Collection);
        _block = StoreFixture.Block(Rows, Dimension, 1);
        _store = EmbeddedVectorStore.Load(file);
        _queries = [.. Enumerable.Range(0, Batch).Select(i => StoreFixture.Block(1, Dimension, 1000 + i))];
        _batch = [.. _queries.Select(q => (ReadOnlyMemory<float>)q)];
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public int PlainScan()
    {
        float[] q = _queries[_next++ % Batch];
        int rows = Rows, d = Dimension, workers = Environment.ProcessorCount;
        var best = new (float Distance, int Row)[workers];
        Parallel.For(0, workers, w =>
        {
            (float Distance, int Row) mine = (float.PositiveInfinity, -1);
            ReadOnlySpan<float> block = _block;
            for (int r = (int)((long)rows * w / workers), end = (int)((long)rows * (w + 1) / workers); r < end; r++)
            {
                float distance = TensorPrimitives.Distance(block.Slice(r * d, d), q);
                if (distance < mine.Distance)
                {
                    mine = (distance, r);
                }
            }

            best[w] = mine;
        });
        return best.MinBy(b => b.Distance).Row;
    }

    [Benchmark]
    public ulong Query() => _store.QueryAsync(Collection, _queries[_next++ % Batch], 10).GetAwaiter().GetResult()[0].Point.Id;

    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong QueryBatchOf32() => _store.QueryBatchAsync(Collection, _batch, 10).GetAwaiter().GetResult()[^1][0].Point.Id;
}
