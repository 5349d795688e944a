using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using VectaX.Rbac;

namespace VectaX.Benchmarks;

/// <summary>
/// Sealing and opening one record (d = 768 vector + 256-byte payload) under a 12-combination policy
/// (roles 3 x groups 2 x departments 2), the header alone, AES-256-GCM of the same bytes (the ratio baseline),
/// and batch sealing on 1 and 2 cores.
/// </summary>
public class RbacBenchmarks
{
    private const int Batch = 1024;
    private RbacAuthority _authority = null!;
    private PolicySealer _sealer = null!;
    private UserKey _user = null!;
    private SealedRecord _record = null!;
    private AesGcm _gcm = null!;
    private float[] _vector = null!;
    private byte[] _payload = null!, _plain = null!, _cipher = null!, _nonce = null!, _tag = null!;
    private readonly byte[] _dataKey = new byte[32], _recordId = new byte[16];

    [GlobalSetup]
    public void Setup()
    {
        var vocabulary = new PolicyVocabulary(
        [
            new("roles", ["admin", "analyst", "user"]),
            new("groups", ["team_a", "team_b"]),
            new("departments", ["research", "engineering"]),
        ]);
        _authority = RbacAuthority.Create(vocabulary);
        _sealer = _authority.CreateSealer(AttributeSetText.Parse(vocabulary, "roles=admin,analyst,user;groups=team_a,team_b;departments=research,engineering"));
        _user = _authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "roles=analyst;groups=team_b;departments=engineering"));
        var random = new Random(6);
        _vector = Enumerable.Range(0, 768).Select(_ => (float)random.NextDouble()).ToArray();
        _payload = new byte[256];
        random.NextBytes(_payload);
        _record = _sealer.Seal(_vector, _payload);
        _plain = new byte[(768 * 4) + 256 + 5];
        _cipher = new byte[_plain.Length];
        _nonce = new byte[12];
        _tag = new byte[16];
        byte[] key = new byte[32];
        random.NextBytes(key);
        _gcm = new AesGcm(key, 16);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _user.Dispose();
        _authority.Dispose();
        _gcm.Dispose();
    }

    [Benchmark]
    public SealedRecord Seal() => _sealer.Seal(_vector, _payload);

    [Benchmark]
    public OpenedRecord Open() => _user.Open(_record.Header, _record.Sealed);

    /// <summary>The header alone: build and tag it for a fresh data key (what an attribute-based header library does).</summary>
    [Benchmark]
    public byte[] SealHeader() => _sealer.BuildHeader(_dataKey, _recordId, default);

    /// <summary>The class part alone: find the entry, unwrap the class secret, derive the class keys, verify the class tag.</summary>
    [Benchmark]
    public void OpenClass() => _user.OpenClass(_record.Header).Dispose();

    [Benchmark(Baseline = true)]
    public void AesGcmSameBytes() => _gcm.Encrypt(_nonce, _plain, _cipher, _tag);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void SealBatchOneCore() => Parallel.For(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = 1 }, _ => _sealer.Seal(_vector, _payload));

    [Benchmark(OperationsPerInvoke = Batch)]
    public void SealBatchTwoCores() => Parallel.For(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => _sealer.Seal(_vector, _payload));
}
