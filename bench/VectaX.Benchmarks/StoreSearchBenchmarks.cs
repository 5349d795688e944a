using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using VectaX.Collections;
using VectaX.Collections.Embedded;

namespace VectaX.Benchmarks;

/// <summary>
/// Exact search in the embedded store (its file mapped, as the CLI opens it), per query, against the floor: a plain
/// scan of the same mapped bytes (the file's vector blocks) with TensorPrimitives on every core, keeping only the
/// nearest row. Batch: 32 queries in one pass, reported per query.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class StoreSearchBenchmarks
{
    private const string Collection = "bench";
    private const int Batch = 32;
    private MappedFile _mapped = null!;
    private (ReadOnlyMemory<float> Block, int From, int To)[] _chunks = null!;
    private float[][] _queries = null!;
    private VectorQuery[] _batch = null!;
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
        _store = EmbeddedVectorStore.Load(file);
        _mapped = MappedFile.Open(file);
        _chunks = Chunks(file, _mapped, Dimension);
        _queries = [.. Enumerable.Range(0, Batch).Select(i => StoreFixture.Block(1, Dimension, 1000 + i))];
        _batch = [.. _queries.Select(q => new VectorQuery(q, 10))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _mapped.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int PlainScan()
    {
        float[] q = _queries[_next++ % Batch];
        int d = Dimension;
        var best = (Distance: float.PositiveInfinity, Row: -1);
        Parallel.ForEach(
            _chunks,
            () => (Distance: float.PositiveInfinity, Row: -1),
            (chunk, _, mine) =>
            {
                ReadOnlySpan<float> block = chunk.Block.Span;
                for (int r = chunk.From; r < chunk.To; r++)
                {
                    float distance = TensorPrimitives.Distance(block.Slice(r * d, d), q);
                    if (distance < mine.Distance)
                    {
                        mine = (distance, r);
                    }
                }

                return mine;
            },
            mine =>
            {
                lock (_chunks)
                {
                    best = mine.Distance < best.Distance ? mine : best;
                }
            });
        return best.Row;
    }

    [Benchmark]
    public ulong Query() => _store.QueryAsync(Collection, _queries[_next++ % Batch], 10).GetAwaiter().GetResult()[0].Point.Id;

    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong QueryBatchOf32() => _store.QueryBatchAsync(Collection, _batch).GetAwaiter().GetResult()[^1][0].Point.Id;

    /// <summary>The file's vector blocks, as its reader finds them, in pieces of 16,384 rows for the cores.</summary>
    private static unsafe (ReadOnlyMemory<float> Block, int From, int To)[] Chunks(string file, MappedFile mapped, int dimension)
    {
        var chunks = new List<(ReadOnlyMemory<float>, int, int)>();
        foreach (StoreRecord record in new StoreFileReader(file, mapped.Pointer, mapped.Length).Read().Records.Where(r => r.Points is not null))
        {
            int rows = record.Points!.Vectors.Length / dimension;
            for (int from = 0; from < rows; from += 1 << 14)
            {
                chunks.Add((record.Points.Vectors, from, Math.Min(rows, from + (1 << 14))));
            }
        }

        return [.. chunks];
    }
}
