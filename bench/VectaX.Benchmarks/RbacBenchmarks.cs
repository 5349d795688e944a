using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using VectaX.Rbac;

namespace VectaX.Benchmarks;

/// <summary>
/// One record (d = 768 vector + 256-byte payload) under policies of 10, 1,000 and 100,000 admitted combinations over
/// vocabularies of 10, 100 and 1,000 values per category (three categories): sealing a record with its class's sealer,
/// the first open of the class by a user key (label lookup in the sorted entry table, unwrap, class keys, MAC) for a
/// 7-combination key and a 203-combination key (50 groups), and the open of a record of a class already open (what
/// a search does for its hits), directly and through the key's class cache. Baseline: AES-256-GCM of the same 3.3 KB,
/// in the same run. The sizes (record header, class header, user keys) are printed by the setup.
/// </summary>
public class RbacBenchmarks
{
    private RbacAuthority _authority = null!;
    private PolicySealer _sealer = null!;
    private UserKey _user = null!, _wideUser = null!;
    private AccessClass _opened = null!;
    private SealedRecord _record = null!;
    private byte[] _classHeader = null!;
    private AesGcm _gcm = null!;
    private float[] _vector = null!;
    private byte[] _payload = null!, _plain = null!, _cipher = null!, _nonce = null!, _tag = null!;

    /// <summary>Values per category and combinations the policy admits (100,000 needs at least 100 values per category).</summary>
    [ParamsSource(nameof(Cases))]
    public PolicyCase Case { get; set; }

    public static IEnumerable<PolicyCase> Cases() =>
    [
        new(10, 10), new(10, 1_000),
        new(100, 10), new(100, 1_000), new(100, 100_000),
        new(1_000, 10), new(1_000, 1_000), new(1_000, 100_000),
    ];

    [GlobalSetup]
    public void Setup()
    {
        string[] categories = ["departments", "roles", "groups"];
        var vocabulary = new PolicyVocabulary(categories.Select(c => new KeyValuePair<string, IReadOnlyList<string>>(c, [.. Enumerable.Range(0, Case.Values).Select(v => $"{c[0]}{v}")])));
        _authority = RbacAuthority.Create(vocabulary);

        // Powers of ten, greedily per category: 100,000 over 100 values is 100 x 100 x 10.
        var parts = new List<string>();
        int left = Case.Combinations;
        foreach (string c in categories)
        {
            int take = Math.Min(Case.Values, left);
            if (take > 1 || (parts.Count == 0 && take == 1))
            {
                parts.Add($"{c}={string.Join(",", Enumerable.Range(0, take).Select(v => $"{c[0]}{v}"))}");
            }

            left /= take;
        }

        _sealer = _authority.CreateSealer(AttributeSetText.Parse(vocabulary, string.Join(";", parts)));
        _user = _authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "departments=d0;roles=r0;groups=g0"));
        _wideUser = _authority.IssueUserKey(AttributeSetText.Parse(vocabulary, $"departments=d0;roles=r0;groups={string.Join(",", Enumerable.Range(0, Math.Min(50, Case.Values)).Select(v => $"g{v}"))}"));
        var random = new Random(6);
        _vector = [.. Enumerable.Range(0, 768).Select(_ => (float)random.NextDouble())];
        _payload = new byte[256];
        random.NextBytes(_payload);
        _record = _sealer.Seal(_vector, _payload);
        _classHeader = _record.ClassHeader.ToArray();
        _opened = _user.OpenClass(_classHeader);
        _user.Open(_record);
        _plain = new byte[(768 * 4) + 256 + 5];
        _cipher = new byte[_plain.Length];
        _nonce = new byte[12];
        _tag = new byte[16];
        byte[] key = new byte[32];
        random.NextBytes(key);
        _gcm = new AesGcm(key, 16);
        Console.WriteLine($"// sizes {Case}: record header {_record.Header.Length} B, class header {_classHeader.Length} B ({RbacHeaders.ClassEntryCount(_classHeader)} entries, core {RbacHeaders.ClassCoreLength(_classHeader)} B), sealed blob {_record.Sealed.Length} B, user key {_user.Export().Length} B ({_user}), 50-group user key {_wideUser.Export().Length} B");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _opened.Dispose();
        _user.Dispose();
        _wideUser.Dispose();
        _authority.Dispose();
        _gcm.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void AesGcmSameBytes() => _gcm.Encrypt(_nonce, _plain, _cipher, _tag);

    /// <summary>A record under its class: fresh data key wrapped into a 105-byte header, vector and payload sealed.</summary>
    [Benchmark]
    public SealedRecord Seal() => _sealer.Seal(_vector, _payload);

    /// <summary>First open of the class by a 7-combination key: label lookups, unwrap, class keys, MAC of the core.</summary>
    [Benchmark]
    public void FirstOpen() => _user.OpenClass(_classHeader).Dispose();

    /// <summary>First open by a key holding 50 groups (203 combinations): one AES block and a binary search per combination.</summary>
    [Benchmark]
    public void FirstOpenWideUser() => _wideUser.OpenClass(_classHeader).Dispose();

    /// <summary>A record of a class already open (a search's hits): the record header's data key, then the blob.</summary>
    [Benchmark]
    public OpenedRecord NextOpen() => _opened.Open(_record.Header, _record.Sealed);

    /// <summary>The same record through the user key, its class found in the key's cache (<see cref="UserKey.Open(SealedRecord, ReadOnlySpan{byte})"/>).</summary>
    [Benchmark]
    public OpenedRecord NextOpenByKey() => _user.Open(_record);

    /// <summary>Values per category and combinations admitted.</summary>
    public readonly record struct PolicyCase(int Values, int Combinations)
    {
        public override string ToString() => $"{Values}v/{Combinations}c";
    }
}
