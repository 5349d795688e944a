using BenchmarkDotNet.Attributes;
using VectaX.Kernels;

namespace VectaX.Benchmarks;

/// <summary>Each kernel width forced in turn, against scalar, on the work one d = 768 encryption does.</summary>
public class WidthBenchmarks
{
    private readonly Dictionary<KernelWidth, VectorCipher> _ciphers = [];
    private float[] _v = null!, _c = null!, _block = null!, _g = null!;
    private uint[] _words = null!;
    private byte[] _m = null!;

    [Params("encrypt768", "hadamard512", "gaussians768", "dot768")]
    public string Operation { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        using VectaXKey key = VectaXKey.Generate(768);
        foreach (KernelWidth w in Enum.GetValues<KernelWidth>().Where(KernelSet.IsSupported))
        {
            _ciphers[w] = new VectorCipher(key, KernelSet.Get(w));
        }

        var random = new Random(3);
        _v = Enumerable.Range(0, 768).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _c = new float[768];
        _m = new byte[EncryptedVectorFormat.Size];
        _block = _v[..512];
        _words = Enumerable.Range(0, 384).Select(_ => (uint)random.Next()).ToArray();
        _g = new float[768];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (VectorCipher c in _ciphers.Values)
        {
            c.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public float Scalar() => Run(KernelWidth.Scalar);

    [Benchmark]
    public float V128() => Run(KernelWidth.V128);

    [Benchmark]
    public float V256() => Run(KernelWidth.V256);

    [Benchmark]
    public float V512() => Run(KernelWidth.V512);

    private float Run(KernelWidth width)
    {
        VectorCipher cipher = _ciphers[width];
        KernelSet k = KernelSet.Get(width);
        switch (Operation)
        {
            case "encrypt768":
                cipher.Encrypt(_v, _c, _m);
                return _c[0];
            case "hadamard512":
                k.Hadamard(_block);
                return _block[0];
            case "gaussians768":
                k.Gaussians(_words, _g);
                return _g[0];
            default:
                return k.Dot(_v, _c);
        }
    }
}
