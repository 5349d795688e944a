using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using VectaX.Kernels;
using VectaX.Collections;
using VectaX.Rbac;

namespace VectaX.Benchmarks;

/// <summary>
/// A user's RBAC search, top 10 with exact re-rank (30 candidates), on the embedded store: 12,000 clustered d = 384
/// records in six access classes (2 departments x 3 roles), the user holding three. Class keys (one batched query per
/// class the user key opens, merged by distance, 30 decrypted, the 10 best opened) against the design it replaced
/// (every vector under the ring key, one query filtered on the user's tags, the 30 candidates opened with the user
/// key). Recall@10 of both against plaintext search over the user's records is printed by the setup.
/// </summary>
public class RbacSearchBenchmarks
{
    private const int D = 384, N = 12_000, K = 10, Queries = 64;
    private static readonly string[] s_departments = ["research", "engineering"];
    private static readonly string[] s_roles = ["admin", "analyst", "user"];

    private readonly KernelSet _kernels = KernelDispatch.Default;
    private RbacAuthority _authority = null!;
    private UserKey _user = null!;
    private VectaXKey _key = null!;
    private KeyRing _ring = null!;
    private EmbeddedVectorStore _store = null!;
    private EncryptedCollection _reader = null!;
    private float[][] _queries = null!;
    private string[] _userTags = null!;
    private Dictionary<string, byte[]> _classHeaders = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var vocabulary = new PolicyVocabulary([new("roles", s_roles), new("departments", s_departments)]);
        _authority = RbacAuthority.Create(vocabulary);
        AttributeSet[] policies = [.. s_departments.SelectMany(d => s_roles.Select(r => AttributeSetText.Parse(vocabulary, $"roles={r};departments={d}")))];
        AttributeSet holder = AttributeSetText.Parse(vocabulary, "roles=admin,analyst,user;departments=research");
        _user = _authority.IssueUserKey(holder);
        _key = VectaXKey.Generate(D);
        _ring = new KeyRing([_key], _key.KeyId);
        _store = new EmbeddedVectorStore();
        var random = new Random(17);
        float[][] corpus = Clustered(random, N + Queries);
        _queries = corpus[N..];
        corpus = corpus[..N];

        var writer = new EncryptedCollection(_store, "docs", _ring, _authority);
        writer.EnsureAsync().GetAwaiter().GetResult();
        writer.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, Payload: Encoding.UTF8.GetBytes($"note {i}"), Policy: policies[i % policies.Length])).ToList()).GetAwaiter().GetResult();
        _reader = new EncryptedCollection(_store, "docs", null);

        // The replaced design: the same sealed records, vectors under the ring key, tagged by class.
        _store.EnsureCollectionAsync("ring", D).GetAwaiter().GetResult();
        (IReadOnlyList<StoredPoint> sealedPoints, _) = _store.ScrollAsync("docs", null, N).GetAwaiter().GetResult();
        _store.UpsertAsync("ring", sealedPoints.Select(p =>
        {
            EncryptedVector e = _ring.Encrypt(corpus[p.Id]);
            return p with { Vector = e.Ciphertext, Payload = new Dictionary<string, string>(p.Payload) { [PayloadFields.EncryptedVectorMetadata] = e.MetadataBase64 } };
        }).ToList()).GetAwaiter().GetResult();
        _userTags = [.. policies.Where(p => p.IsSatisfiedBy(holder)).Select(p => _authority.CreateSealer(p, SimilarityParameters.Of(_ring.Active)).Class.Tag)];
        _classHeaders = policies.Select(p => _authority.CreateSealer(p, SimilarityParameters.Of(_ring.Active))).ToDictionary(s => s.Class.Tag, s => s.ClassHeader.ToArray());

        bool Visible(ulong id) => policies[id % (ulong)policies.Length].IsSatisfiedBy(holder);
        double classRecall = 0, ringRecall = 0;
        foreach (float[] q in _queries)
        {
            var truth = Enumerable.Range(0, N).Where(i => Visible((ulong)i)).OrderBy(i => _kernels.SquaredDistance(corpus[i], q)).Take(K).Select(i => (ulong)i).ToHashSet();
            classRecall += ClassKeySearch(q).Count(h => truth.Contains(h)) / (double)K;
            ringRecall += RingKeySearch(q).Count(h => truth.Contains(h)) / (double)K;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// recall@{K} over {Queries} queries, {_userTags.Length} of {policies.Length} classes visible: class keys {classRecall / Queries:F3}, ring key {ringRecall / Queries:F3}"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _user.Dispose();
        _authority.Dispose();
        _ring.Dispose();
        _key.Dispose();
    }

    /// <summary>The search this design does: a user key alone.</summary>
    [Benchmark]
    public int ClassKeys() => ClassKeySearch(_queries[_next++ % Queries]).Count;

    /// <summary>The design it replaced: a ring key that decrypts every record, filtered on the user's tags.</summary>
    [Benchmark(Baseline = true)]
    public int RingKey() => RingKeySearch(_queries[_next++ % Queries]).Count;

    private List<ulong> ClassKeySearch(float[] query) => [.. _reader.SearchAsync(query, K, _user).GetAwaiter().GetResult().Select(h => h.Id)];

    private List<ulong> RingKeySearch(float[] query)
    {
        IReadOnlyList<ScoredPoint> candidates = _store.QueryAsync("ring", _ring.Active.EncryptQuery(query), 3 * K, _userTags).GetAwaiter().GetResult();
        var hits = new List<(ulong Id, float Distance)>();
        foreach (ScoredPoint c in candidates)
        {
            OpenedRecord opened = _user.Open(_classHeaders[c.Point.AccessTags[0]], Convert.FromBase64String(c.Point.Payload[PayloadFields.EncryptedHeader]), Convert.FromBase64String(c.Point.Payload[PayloadFields.EncryptedPayload]), Context(c.Point.Id));
            hits.Add((c.Point.Id, _kernels.SquaredDistance(opened.Vector!, query)));
        }

        return [.. hits.OrderBy(h => h.Distance).Take(K).Select(h => h.Id)];
    }

    /// <summary>The binding EncryptedCollection gives collection "docs", point <paramref name="id"/>.</summary>
    private static byte[] Context(ulong id)
    {
        byte[] context = [4, 0, .. "docs"u8, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt64LittleEndian(context.AsSpan(6), id);
        return context;
    }

    private static float[][] Clustered(Random random, int count)
    {
        float[][] centers = [.. Enumerable.Range(0, 200).Select(_ => Unit(Enumerable.Range(0, D).Select(_ => (float)Gaussian(random)).ToArray()))];
        return [.. Enumerable.Range(0, count).Select(_ => Unit([.. centers[random.Next(centers.Length)].Select(x => x + (0.04f * (float)Gaussian(random)))]))];
    }

    private static float[] Unit(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => (float)(x / norm))];
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
