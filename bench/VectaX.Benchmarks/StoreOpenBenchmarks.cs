using BenchmarkDotNet.Attributes;
using VectaX.Collections;

namespace VectaX.Benchmarks;

/// <summary>
/// What a CLI search pays before its first result: open the store file and answer one query, against the floor of
/// reading the file's bytes once (what `cat` does). Both read from the page cache after the first iteration.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class StoreOpenBenchmarks
{
    private const string Collection = "bench";
    private readonly byte[] _buffer = new byte[1 << 20];
    private string _file = "";
    private float[] _query = null!;

    [Params("1000000x384")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string[] shape = Shape.Split('x');
        int rows = int.Parse(shape[0], System.Globalization.CultureInfo.InvariantCulture), dimension = int.Parse(shape[1], System.Globalization.CultureInfo.InvariantCulture);
        _file = StoreFixture.File(rows, dimension, Collection);
        _query = StoreFixture.Block(1, dimension, 7);
    }

    [Benchmark(Baseline = true)]
    public long ReadFileOnce()
    {
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long total = 0;
        for (int n; (n = stream.Read(_buffer)) > 0;)
        {
            total += n;
        }

        return total;
    }

    [Benchmark]
    public ulong OpenAndFirstResult()
    {
        using EmbeddedVectorStore store = EmbeddedVectorStore.Load(_file);
        return store.QueryAsync(Collection, _query, 10).GetAwaiter().GetResult()[0].Point.Id;
    }
}
