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
    private byte[] _dataKey = null!, _recordId = null!, _header = null!, _core = null!;
    private AesGcm _recordGcm = null!;

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
        byte[] recordKey = new byte[32];
        _opened.UnwrapDataKey(new RecordHeader.View(_record.Header), recordKey);
        _recordGcm = new AesGcm(recordKey, 16);
        _opened.Open(_record.Header, _record.Sealed, _context);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _opened.Dispose();
        _user.Dispose();
        _authority.Dispose();
        _gcm.Dispose();
        _recordGcm.Dispose();
    }

    /// <summary>The record's bytes (flags, length, vector, payload) under a reused AES-256-GCM key.</summary>
    [Benchmark(Baseline = true)]
    public void AesGcmSameBytes() => _gcm.Encrypt(_nonce, _plain, _cipher, _tag);

    [Benchmark]
    public void AesGcmDecryptSameBytes() => _gcm.Decrypt(_nonce, _cipher, _tag, _plain);

    [Benchmark]
    public bool FiniteCheck() => KernelDispatch.Default.AllFinite(_vector);

    /// <summary>The record id and the blob's nonce from the process IV generator (two draws under its lock).</summary>
    [Benchmark]
    public void IvDraws()
    {
        SecretRandom.Fill(_recordId);
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

    /// <summary>A data key wrapped under the class (pooled AES-GCM, one nonce draw): once per sealer key now, not per record.</summary>
    [Benchmark]
    public void WrapDataKey() => _sealer.Class.Wrap(_dataKey).Retire();

    /// <summary>The record header from the sealer's wrapped key and a record id (copies only).</summary>
    [Benchmark]
    public void WriteHeader() => _sealer.Class.WriteHeader(_recordId, _record.Header.AsSpan(RecordHeader.WrappedOffset, RecordHeader.WrappedSize), _header);

    /// <summary>The blob: layout, nonce, encryption under a reused AES-GCM of the data key, its array.</summary>
    [Benchmark]
    public byte[] SealBlob() => RecordCrypto.Seal(_recordGcm, _record.Header, _context, _vector, true, _payload);

    [Benchmark]
    public SealedRecord Seal() => _sealer.Seal(_vector, _payload, _context);

    /// <summary>The record header's data key unwrapped under the opened class (checks, pooled AES-GCM): once per sealer key on a cache miss.</summary>
    [Benchmark]
    public void UnwrapDataKey() => _opened.UnwrapDataKey(new RecordHeader.View(_record.Header), _dataKey);

    /// <summary>The blob opened under a reused AES-GCM of its data key: decryption, the vector and payload arrays.</summary>
    [Benchmark]
    public OpenedRecord OpenBlob() => RecordCrypto.Open(_recordGcm, _record.Header, _context, _record.Sealed);

    /// <summary>A record of an open class whose data key is cached: lookup by wrapped key, pooled AES-GCM, decryption, arrays.</summary>
    [Benchmark]
    public OpenedRecord NextOpen() => _opened.Open(_record.Header, _record.Sealed, _context);

    /// <summary>What a cache lookup by class core costs: the SHA-256 of the core, as base64.</summary>
    [Benchmark]
    public string ClassCacheKey() => ClassCache.KeyOf(_core);

    /// <summary>A record opened through the user key's class cache, as <see cref="UserKey.Open(SealedRecord, ReadOnlySpan{byte})"/> does.</summary>
    [Benchmark]
    public OpenedRecord OpenThroughCache() => _user.Open(_record, _context);
}
