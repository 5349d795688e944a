using BenchmarkDotNet.Attributes;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Tests.Store;

namespace VectaX.Benchmarks;

/// <summary>
/// Ingest through the pipeline into the embedded store, in memory and into a store file (every batch flushed to
/// disk), and into the loopback Qdrant server of the tests over real gRPC, against batch encryption of the same
/// vectors alone.
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
    private FakeQdrant _server = null!;
    private QdrantVectorStore _qdrant = null!;

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
        _server = FakeQdrant.StartAsync().GetAwaiter().GetResult();
        _qdrant = new QdrantVectorStore(_server.Address);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _qdrant.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
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

    [Benchmark]
    public long IngestToLoopbackQdrant()
    {
        string name = $"bench_{Guid.NewGuid():N}";
        try
        {
            return Ingest(_qdrant, name);
        }
        finally
        {
            // The server keeps every collection in memory: drop this one so iterations do not pile up.
            _server.State.Collections.TryRemove(name, out _);
        }
    }

    private long Ingest(IVectorStore store, string name = "bench")
    {
        var collection = new EncryptedCollection(store, name, _ring);
        collection.EnsureAsync().GetAwaiter().GetResult();
        return new IngestPipeline(collection).RunAsync(_records).GetAwaiter().GetResult();
    }
}
