using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace VectaX.Benchmarks;

/// <summary>What a 32-byte data key and a 16-byte IV cost from the OS generator against the process generator (AES-CTR, reseeded).</summary>
public class RandomnessBenchmarks
{
    private readonly byte[] _key = new byte[32];
    private readonly byte[] _iv = new byte[16];

    [Benchmark(Baseline = true)]
    public void DataKeyFromProcessGenerator() => SecretRandom.Fill(_key);

    [Benchmark]
    public void DataKeyFromOs() => RandomNumberGenerator.Fill(_key);

    [Benchmark]
    public void IvFromProcessGenerator() => SecretRandom.Fill(_iv);

    [Benchmark]
    public void IvFromOs() => RandomNumberGenerator.Fill(_iv);
}
