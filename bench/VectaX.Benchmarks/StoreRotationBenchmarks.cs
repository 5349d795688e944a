using BenchmarkDotNet.Attributes;
using VectaX.Collections;

namespace VectaX.Benchmarks;

/// <summary>
/// Key rotation of a whole embedded collection (scroll, decrypt, re-encrypt, upsert, page by page) against batch
/// encryption of the same vectors on every core. Each rotation moves every point to the other key.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
public class StoreRotationBenchmarks
{
    private float[] _block = null!, _ciphertexts = null!;
    private byte[] _metadata = null!;
    private VectaXKey _a = null!, _b = null!;
    private VectorCipher _cipher = null!;
    private KeyRing _toA = null!, _toB = null!;
    private EmbeddedVectorStore _store = null!;
    private bool _underA;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [Params(384)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _block = StoreFixture.Block(Rows, Dimension, 3);
        _ciphertexts = new float[_block.Length];
        _metadata = new byte[Rows * EncryptedVectorFormat.Size];
        _a = VectaXKey.Generate(Dimension, keyId: 1);
        _b = VectaXKey.Generate(Dimension, keyId: 2);
        _cipher = new VectorCipher(_a);
        _toA = new KeyRing([_a, _b], _a.KeyId);
        _toB = new KeyRing([_b, _a], _b.KeyId);
        _store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(_store, "bench", _toA);
        collection.EnsureAsync().GetAwaiter().GetResult();
        for (int from = 0; from < Rows; from += 1 << 14)
        {
            PlainRecord[] records = [.. Enumerable.Range(from, Math.Min(1 << 14, Rows - from)).Select(r => new PlainRecord((ulong)r, _block.AsSpan(r * Dimension, Dimension).ToArray()))];
            collection.UpsertAsync(records).GetAwaiter().GetResult();
        }

        _underA = true;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _toA.Dispose();
        _toB.Dispose();
        _cipher.Dispose();
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void EncryptBatch() => _cipher.EncryptBatch(_block, _ciphertexts, _metadata);

    [Benchmark]
    public long Rotate()
    {
        var collection = new EncryptedCollection(_store, "bench", _underA ? _toB : _toA);
        _underA = !_underA;
        return collection.RotateAsync().GetAwaiter().GetResult();
    }
}
