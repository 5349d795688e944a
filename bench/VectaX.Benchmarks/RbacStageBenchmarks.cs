using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using VectaX.Kernels;
using VectaX.Rbac;

namespace VectaX.Benchmarks;

/// <summary>
/// Where sealing and opening one RBAC record (d = 768 vector + 256-byte payload, a 16-byte context) spend their time,
/// stage by stage, against AES-256-GCM of the record's bytes under a reused key in the same run.
/// </summary>
public class RbacStageBenchmarks
{
    private const int D = 768;
    private RbacAuthority _authority = null!;
    private PolicySealer _sealer = null!;
    private UserKey _user = null!;
    private AccessClass _opened = null!;
    private SealedRecord _record = null!;
    private AesGcm _gcm = null!;
    private float[] _vector = null!;
    private byte[] _payload = null!, _plain = null!, _cipher = null!, _nonce = null!, _tag = null!, _context = null!;
    private byte[] _dataKey = null!, _recordKey = null!, _recordId = null!, _header = null!, _core = null!;

    [GlobalSetup]
    public void Setup()
    {
        var vocabulary = new PolicyVocabulary([new("departments", ["d0", "d1"]), new("roles", ["r0", "r1", "r2"])]);
        _authority = RbacAuthority.Create(vocabulary);
        _sealer = _authority.CreateSealer(AttributeSetText.Parse(vocabulary, "departments=d0,d1;roles=r0,r1"));
        _user = _authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "departments=d0;roles=r0"));
        var random = new Random(7);
        _vector = [.. Enumerable.Range(0, D).Select(_ => (float)random.NextDouble())];
        _payload = new byte[256];
        random.NextBytes(_payload);
        _context = new byte[16];
        random.NextBytes(_context);
        _record = _sealer.Seal(_vector, _payload, _context);
        _core = _record.ClassHeader[..RbacHeaders.ClassCoreLength(_record.ClassHeader.Span)].ToArray();
        _opened = _user.OpenClass(_record.ClassHeader.Span);
        _plain = new byte[RecordCrypto.SealedSize(D, _payload.Length) - RecordCrypto.SealedOverhead];
        _cipher = new byte[_plain.Length];
        _nonce = new byte[12];
        _tag = new byte[16];
        _dataKey = new byte[32];
        _recordId = new byte[16];
        _header = new byte[RecordHeader.Size];
        random.NextBytes(_dataKey);
        _gcm = new AesGcm(_dataKey, 16);
        _gcm.Encrypt(_nonce, _plain, _cipher, _tag);
        _recordKey = new byte[32];
        _opened.UnwrapDataKey(new RecordHeader.View(_record.Header), _context, _recordKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _opened.Dispose();
        _user.Dispose();
        _authority.Dispose();
        _gcm.Dispose();
    }

    /// <summary>The record's bytes (flags, length, vector, payload) under a reused AES-256-GCM key.</summary>
    [Benchmark(Baseline = true)]
    public void AesGcmSameBytes() => _gcm.Encrypt(_nonce, _plain, _cipher, _tag);

    [Benchmark]
    public void AesGcmDecryptSameBytes() => _gcm.Decrypt(_nonce, _cipher, _tag, _plain);

    [Benchmark]
    public bool FiniteCheck() => KernelDispatch.Default.AllFinite(_vector);

    [Benchmark]
    public void DataKey() => DataKeys.Take(_dataKey);

    /// <summary>The record id and the two nonces from the process IV generator (three draws under its lock).</summary>
    [Benchmark]
    public void IvDraws()
    {
        SecretRandom.Fill(_recordId);
        SecretRandom.Fill(_nonce);
        SecretRandom.Fill(_nonce);
    }

    /// <summary>An AES-GCM object for a fresh key (the key schedule and the OpenSSL context), then disposed.</summary>
    [Benchmark]
    public void AesGcmConstruct() => new AesGcm(_dataKey, 16).Dispose();

    /// <summary>A fresh AES-GCM under the data key encrypting the record's bytes into a buffer kept across calls, then disposed.</summary>
    [Benchmark]
    public void AesGcmConstructEncrypt()
    {
        using var gcm = new AesGcm(_dataKey, 16);
        gcm.Encrypt(_nonce, _plain, _cipher, _tag);
    }

    /// <summary>The blob's array with the vector and payload laid out in it (no encryption).</summary>
    [Benchmark]
    public byte[] BlobLayout()
    {
        byte[] blob = new byte[RecordCrypto.SealedSize(D, _payload.Length)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_vector.AsSpan()).CopyTo(blob.AsSpan(RecordCrypto.SealedOverhead + 5));
        _payload.CopyTo(blob.AsSpan(RecordCrypto.SealedOverhead + 5 + (4 * D)));
        return blob;
    }

    /// <summary>The data key wrapped into the record header under the class (pooled AES-GCM, one nonce draw).</summary>
    [Benchmark]
    public void WrapDataKey() => _sealer.Class.WrapDataKey(_recordId, _context, _dataKey, _header);

    /// <summary>The blob: layout, nonce, a fresh AES-GCM under the data key, encryption, its array.</summary>
    [Benchmark]
    public byte[] SealBlob() => RecordCrypto.Seal(_dataKey, _recordId, _context, _vector, true, _payload);

    [Benchmark]
    public SealedRecord Seal() => _sealer.Seal(_vector, _payload, _context);

    /// <summary>The record header's data key unwrapped under the opened class (checks, pooled AES-GCM).</summary>
    [Benchmark]
    public void UnwrapDataKey() => _opened.UnwrapDataKey(new RecordHeader.View(_record.Header), _context, _dataKey);

    /// <summary>The blob opened under its data key: a fresh AES-GCM, decryption, the vector and payload arrays.</summary>
    [Benchmark]
    public OpenedRecord OpenBlob() => RecordCrypto.Open(_recordKey, _record.Header.AsSpan(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize), _context, _record.Sealed);

    [Benchmark]
    public OpenedRecord NextOpen() => _opened.Open(_record.Header, _record.Sealed, _context);

    /// <summary>What a cache lookup by class core costs: the SHA-256 of the core, as base64.</summary>
    [Benchmark]
    public string ClassCacheKey() => ClassCache.KeyOf(_core);

    /// <summary>A record opened through the user key's class cache, as <see cref="UserKey.Open(SealedRecord, ReadOnlySpan{byte})"/> does.</summary>
    [Benchmark]
    public OpenedRecord OpenThroughCache() => _user.Open(_record, _context);
}
