using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using VectaX.Kernels;

namespace VectaX.Benchmarks;

/// <summary>
/// Where one d = 768 fast-transform encryption spends its time, stage by stage, at the dispatched width; the transform
/// in both revisions (three keyed gathers, and one), so their ratio comes from one run.
/// </summary>
public class StageBenchmarks
{
    private const int D = 768;
    private readonly KernelSet _k = KernelDispatch.Default;
    private OrthogonalTransform _fast = null!, _singleGather = null!;
    private AesCtr _aes = null!;
    private NoisePrf _noisePrf = null!;
    private float[] _v = null!, _y = null!, _t = null!, _x = null!, _samples = null!, _noise = null!;
    private byte[] _scratch = null!, _keystream = null!, _iv = null!, _tag = null!, _key = null!;
    private VectorTag _vectorTag = null!;
    private int[] _perm = null!;
    private float[] _signs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = new byte[32];
        RandomNumberGenerator.Fill(_key);
        _fast = OrthogonalTransform.Create(TransformKind.Fast, TransformRevision.Original, _key, D);
        _singleGather = OrthogonalTransform.Create(TransformKind.Fast, TransformRevision.SingleGather, _key, D);
        _aes = new AesCtr(_key);
        using (VectaXKey noiseKey = VectaXKey.Generate(D, TransformKind.Fast))
        {
            _noisePrf = new NoisePrf(noiseKey);
        }

        var random = new Random(5);
        _v = Enumerable.Range(0, D).Select(_ => (float)random.NextDouble()).ToArray();
        _y = new float[D];
        _t = new float[D];
        _x = new float[D];
        _samples = new float[BallNoise.SampleCount(D)];
        _noise = new float[D];
        _keystream = new byte[BallNoise.KeystreamBytes(D)];
        _scratch = new byte[CipherScratch.Bytes(D, D, decrypt: true)];
        _iv = new byte[16];
        _tag = new byte[16];
        _vectorTag = new VectorTag(_key.AsSpan(0, VectorTag.HashKeySize), _key, new byte[VectorTag.HeaderSize]);
        _perm = Enumerable.Range(0, D).OrderBy(_ => random.Next()).ToArray();
        _signs = Enumerable.Range(0, D).Select(_ => 1f).ToArray();
    }

    [Benchmark]
    public void Transform() => _fast.Forward(_v, _y, _t, 1, _k);

    [Benchmark]
    public void TransformSingleGather() => _singleGather.Forward(_v, _y, _t, 1, _k);

    [Benchmark]
    public void InverseSingleGather() => _singleGather.Inverse(_y, _x, _t, 1, _k);

    [Benchmark]
    public void SignFlip() => _k.MultiplyEach(_y, _signs, _y);

    [Benchmark]
    public void Gather() => KernelSet.GatherSigned(_v, _perm, _signs, _y);

    [Benchmark]
    public void Keystream() => _aes.Generate(_iv, _keystream);

    [Benchmark]
    public void Noise() => _k.ScaleAddProduct(1f, _y, _samples.AsSpan(0, D), BallNoise.Direction(_noisePrf, _iv, D, 0.025, _k, _keystream, _samples), _noise);

    [Benchmark]
    public void Tag() => _vectorTag.Compute(_iv, default, _y, _tag);

    [Benchmark]
    public void FreshIv() => SecretRandom.Fill(_iv);

    /// <summary>A finiteness pass over one vector.</summary>
    [Benchmark]
    public bool FinitenessPass() => _k.AllFinite(_v);

    /// <summary>Zeroing a whole per-call scratch block as every call did before (samples, 2d floats, keystream).</summary>
    [Benchmark]
    public void ZeroScratch() => CryptographicOperations.ZeroMemory(_scratch);
}
