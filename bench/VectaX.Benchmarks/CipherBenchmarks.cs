using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace VectaX.Benchmarks;

/// <summary>
/// One vector at a time, at the dispatched width, against baselines over the same 4d bytes in the same run:
/// in-box AES-256-GCM (the ratio baseline), HMAC-SHA256, a plain copy, and the naive scheme. Fast runs as new keys
/// get it and as older keys have it (<see cref="KeyScheme.FastSingleGather"/>, <see cref="KeyScheme.FastOriginal"/>),
/// so the revisions compare within one run.
/// </summary>
public class CipherBenchmarks
{
    private VectorCipher _cipher = null!;
    private NaiveScheme _naive = null!;
    private AesGcm _gcm = null!;
    private float[] _v = null!, _c = null!, _p = null!;
    private byte[] _m = null!, _bytes = null!, _out = null!, _iv = null!, _nonce = null!, _tag = null!, _hmacKey = null!;

    [Params(384, 768, 1536, 3072)]
    public int Dimension { get; set; }

    [Params(KeyScheme.Fast, KeyScheme.FastSingleGather, KeyScheme.FastOriginal, KeyScheme.Dense)]
    public KeyScheme Transform { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TransformKind kind = Transform == KeyScheme.Dense ? TransformKind.Dense : TransformKind.Fast;
        TransformRevision? revision = Transform switch
        {
            KeyScheme.FastOriginal => TransformRevision.Original,
            KeyScheme.FastSingleGather => TransformRevision.SingleGather,
            _ => null,
        };
        using VectaXKey key = VectaXKey.Generate(Dimension, kind, revision: revision);
        _cipher = new VectorCipher(key);
        _naive = new NaiveScheme(Dimension, kind);
        var random = new Random(1);
        _v = Enumerable.Range(0, Dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _c = new float[Dimension];
        _p = new float[Dimension];
        _m = new byte[EncryptedVectorFormat.Size];
        _cipher.Encrypt(_v, _c, _m);
        _bytes = new byte[4 * Dimension];
        random.NextBytes(_bytes);
        _out = new byte[4 * Dimension];
        _iv = new byte[16];
        _nonce = new byte[12];
        _tag = new byte[16];
        _hmacKey = new byte[32];
        byte[] gcmKey = new byte[32];
        random.NextBytes(gcmKey);
        _gcm = new AesGcm(gcmKey, 16);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cipher.Dispose();
        _naive.Dispose();
        _gcm.Dispose();
    }

    [Benchmark]
    public void Encrypt() => _cipher.Encrypt(_v, _c, _m);

    [Benchmark]
    public void Decrypt() => _cipher.Decrypt(_c, _m, _p);

    [Benchmark]
    public void EncryptQuery() => _cipher.EncryptQuery(_v, _p);

    [Benchmark]
    public object NaiveEncrypt() => _naive.Encrypt(_v, _iv);

    [Benchmark(Baseline = true)]
    public void AesGcm256() => _gcm.Encrypt(_nonce, _bytes, _out, _tag);

    [Benchmark]
    public int HmacSha256() => HMACSHA256.HashData(_hmacKey, _bytes, _out);

    [Benchmark]
    public void Copy() => _bytes.AsSpan().CopyTo(_out);
}
