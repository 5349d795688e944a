using BenchmarkDotNet.Attributes;
using VectaX.Qdrant;

namespace VectaX.Benchmarks;

/// <summary>
/// Ingest through the pipeline into the embedded store, in memory and into a store file (every batch flushed to
/// disk), against batch encryption of the same vectors alone.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class StoreIngestBenchmarks
{
    private float[] _block = null!, _ciphertexts = null!;
    private byte[] _metadata = null!;
    private PlainRecord[] _records = null!;
    private VectaXKey _key = null!;
    private VectorCipher _cipher = null!;
    private KeyRing _ring = null!;

    [Params(200_000)]
    public int Rows { get; set; }

    [Params(384)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _block = StoreFixture.Block(Rows, Dimension, 5);
        _ciphertexts = new float[_block.Length];
        _metadata = new byte[Rows * EncryptedVectorFormat.Size];
        _records = [.. Enumerable.Range(0, Rows).Select(r => new PlainRecord((ulong)r, _block.AsSpan(r * Dimension, Dimension).ToArray()))];
        _key = VectaXKey.Generate(Dimension);
        _cipher = new VectorCipher(_key);
        _ring = new KeyRing([_key], _key.KeyId);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _cipher.Dispose();
        _key.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void EncryptBatch() => _cipher.EncryptBatch(_block, _ciphertexts, _metadata);

    [Benchmark]
    public long IngestInMemory()
    {
        using var store = new EmbeddedVectorStore();
        return Ingest(store);
    }

    [Benchmark]
    public long IngestToFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-bench-ingest-{Guid.NewGuid():N}.vxs");
        try
        {
            using EmbeddedVectorStore store = EmbeddedVectorStore.Open(path);
            return Ingest(store);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".lock");
        }
    }

    private long Ingest(EmbeddedVectorStore store)
    {
        var collection = new EncryptedCollection(store, "bench", _ring);
        collection.EnsureAsync().GetAwaiter().GetResult();
        return new IngestPipeline(collection).RunAsync(_records).GetAwaiter().GetResult();
    }
}
