using System.Text;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// Access-class similarity keys, end to end on a store: a user key alone searches exactly its classes, in one batched
/// query, with exact re-rank; it holds nothing that ranks or decrypts another class's vectors; sealed records do not
/// open when moved to another point or collection.
/// </summary>
public abstract class ClassKeySearchContract
{
    private const int D = 64;
    private static readonly string[] s_departments = ["research", "engineering"];
    private static readonly string[] s_roles = ["admin", "analyst", "user"];

    private protected abstract Task<IVectorStore> CreateAsync();

    [Fact]
    public async Task A_user_key_alone_searches_its_classes_in_one_batch_with_recall_of_at_least_0_99()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, beta: 0.2f);
        using var ring = new KeyRing([key], key.KeyId);
        var counting = new CountingStore(await CreateAsync());
        var writer = new EncryptedCollection(counting, "docs", ring, authority);
        await writer.EnsureAsync();

        // Six classes (department x role); the user holds three of them (research, any of its roles).
        AttributeSet[] policies = [.. s_departments.SelectMany(d => s_roles.Select(r => RbacFixture.Set(vocabulary, $"roles={r};departments={d}")))];
        float[][] corpus = TestData.Clustered(new Random(301), 1200, D);
        await writer.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, Payload: Encoding.UTF8.GetBytes($"note {i}"), Policy: policies[i % policies.Length])).ToList());
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin,analyst,user;departments=research"));
        bool Visible(int i) => policies[i % policies.Length].IsSatisfiedBy(RbacFixture.Set(vocabulary, "roles=admin,analyst,user;departments=research"));

        var reader = new EncryptedCollection(counting, "docs", null);
        var random = new Random(302);
        double recall = 0;
        const int Queries = 25;
        for (int q = 0; q < Queries; q++)
        {
            float[] query = corpus[random.Next(corpus.Length)].Select(x => x + (0.01f * (float)random.NextDouble())).ToArray();
            var truth = Enumerable.Range(0, corpus.Length).Where(Visible).OrderBy(i => TestData.Distance(corpus[i], query)).Take(10).Select(i => (ulong)i).ToHashSet();
            counting.Reset();
            IReadOnlyList<SearchHit> hits = await reader.SearchAsync(query, 10, user);
            Assert.Equal((1, 0), (counting.Batches, counting.Singles));
            Assert.Equal(3, counting.LastBatchSize);
            Assert.All(hits, h => Assert.True(Visible((int)h.Id)));
            Assert.All(hits, h => Assert.Equal($"note {h.Id}", Encoding.UTF8.GetString(h.Payload!)));
            Assert.All(hits, h => Assert.Equal(corpus[h.Id], h.Vector));
            recall += hits.Count(h => truth.Contains(h.Id)) / 10.0;
        }

        Assert.True(recall / Queries >= 0.99, $"recall@10 {recall / Queries:F3}");
    }

    [Fact]
    public async Task A_finance_key_holds_nothing_that_decrypts_or_ranks_an_engineering_vector()
    {
        var vocabulary = new PolicyVocabulary([new("departments", ["engineering", "finance"])]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, beta: 0.2f);
        using var ring = new KeyRing([key], key.KeyId);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(303), 40, D);
        EncryptedCollection writer = await DepartmentsAsync(store, ring, authority, corpus);
        using UserKey clerk = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=finance"));

        // Everything the clerk can get from the store: the classes its key opens.
        var held = new List<AccessClass>();
        (IReadOnlyList<StoredPoint> registry, _) = await store.ScrollAsync(writer.ClassRegistry, null, 100);
        foreach (ulong id in new[] { 0ul, 1ul })
        {
            string tag = (await store.RetrieveAsync("docs", [id]))[0].AccessTags[0];
            if (clerk.TryOpenClass(await writer.ClassHeaderAsync(tag)) is { } c)
            {
                held.Add(c);
            }
        }

        Assert.Equal(2, registry.Count);
        AccessClass finance = Assert.Single(held);
        using VectaXKey financeKey = finance.CreateSimilarityKey();
        using var financeCipher = new VectorCipher(financeKey);
        StoredPoint engineering = (await store.RetrieveAsync("docs", [0]))[0];
        byte[] metadata = PayloadFields.ReadMetadata(engineering);

        // It does not decrypt: the metadata names another key, and the tag fails under the finance key.
        Assert.NotEqual(financeKey.KeyId, EncryptedVectorFormat.ReadKeyId(metadata));
        Assert.ThrowsAny<VectaXException>(() => financeCipher.Decrypt(engineering.Vector, metadata, new float[D]));

        // It does not rank: the engineering vector itself, encrypted as a finance query, lands nowhere near its ciphertext
        // (a query under the right key lands within s*beta/2), so it is no nearer than an unrelated vector.
        double own = TestData.Distance(financeCipher.EncryptQuery(corpus[0]), engineering.Vector);
        Assert.True(own > 7 * key.Beta / 2, $"distance {own}");
        StoredPoint financeRecord = (await store.RetrieveAsync("docs", [1]))[0];
        Assert.True(TestData.Distance(financeCipher.EncryptQuery(corpus[1]), financeRecord.Vector) <= key.Beta / 2);

        // And its search never returns an engineering record, nor opens one.
        Assert.All(await new EncryptedCollection(store, "docs", null).SearchAsync(corpus[0], 10, clerk), h => Assert.Equal(1ul, h.Id % 2));
        await Assert.ThrowsAsync<AccessDeniedException>(() => new EncryptedCollection(store, "docs", null).OpenAsync(0, clerk));
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_sealed_record_moved_to_another_point_or_collection_does_not_open()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        IVectorStore store = await CreateAsync();
        AttributeSet policy = RbacFixture.Set(vocabulary, "departments=research");
        float[][] corpus = TestData.Clustered(new Random(304), 3, D);
        foreach (string name in new[] { "a", "b" })
        {
            var c = new EncryptedCollection(store, name, ring, authority);
            await c.EnsureAsync();
            await c.UpsertAsync([new PlainRecord(1, corpus[0], Payload: "one"u8.ToArray(), Policy: policy), new PlainRecord(2, corpus[1], Payload: "two"u8.ToArray(), Policy: policy)]);
        }

        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=research"));
        var a = new EncryptedCollection(store, "a", null);
        StoredPoint one = (await store.RetrieveAsync("a", [1]))[0], two = (await store.RetrieveAsync("a", [2]))[0];

        // The operator swaps the whole points' payloads between ids 1 and 2, and copies a/1 over b/1.
        await store.UpsertAsync("a", [one with { Id = 2 }, two with { Id = 1 }]);
        await store.UpsertAsync("b", [one]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => a.OpenAsync(1, user));
        await Assert.ThrowsAsync<AccessDeniedException>(() => a.OpenAsync(2, user));
        Assert.Empty(await a.SearchAsync(corpus[0], 2, user));
        Assert.Equal("two", Encoding.UTF8.GetString((await new EncryptedCollection(store, "b", null).OpenAsync(2, user)).Payload));
        await Assert.ThrowsAsync<AccessDeniedException>(() => new EncryptedCollection(store, "b", null).OpenAsync(1, user));
    }

    [Fact]
    public async Task Retagged_points_and_planted_registry_entries_show_a_finance_key_nothing_of_engineering()
    {
        var vocabulary = new PolicyVocabulary([new("departments", ["engineering", "finance"])]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, beta: 0.2f);
        using var ring = new KeyRing([key], key.KeyId);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(305), 40, D);
        EncryptedCollection writer = await DepartmentsAsync(store, ring, authority, corpus);
        using UserKey clerk = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=finance"));
        StoredPoint financePoint = (await store.RetrieveAsync("docs", [1]))[0];
        string financeTag = Assert.Single(financePoint.AccessTags);

        // The operator gives every engineering point the finance tag, splices a finance header and blob into one of
        // them, and plants every registry entry again under other ids.
        IReadOnlyList<StoredPoint> engineering = await store.RetrieveAsync("docs", [.. Enumerable.Range(0, 20).Select(i => (ulong)(2 * i))]);
        var spliced = new Dictionary<string, string>(engineering[0].Payload)
        {
            [PayloadFields.EncryptedHeader] = financePoint.Payload[PayloadFields.EncryptedHeader],
            [PayloadFields.EncryptedPayload] = financePoint.Payload[PayloadFields.EncryptedPayload],
        };
        await store.UpsertAsync("docs", [.. engineering.Select(p => p with { AccessTags = [financeTag], Payload = p.Id == 0 ? spliced : p.Payload })]);
        (IReadOnlyList<StoredPoint> registry, _) = await store.ScrollAsync(writer.ClassRegistry, null, 100);
        await store.UpsertAsync(writer.ClassRegistry, [.. registry.Select((e, i) => e with { Id = 1000 + (ulong)i })]);

        var docs = new EncryptedCollection(store, "docs", null);
        foreach (int query in new[] { 0, 2, 1 })
        {
            SearchResults found = await docs.SearchAsync(corpus[query], 10, clerk);
            Assert.All(found, h => Assert.Equal("finance", Encoding.UTF8.GetString(h.Payload!)));
            Assert.All(found, h => Assert.Equal(1ul, h.Id % 2));
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(0, clerk));
    }

    /// <summary>"docs" holding the corpus, even ids under engineering and odd ids under finance, each with its department as payload.</summary>
    private static async Task<EncryptedCollection> DepartmentsAsync(IVectorStore store, KeyRing ring, RbacAuthority authority, float[][] corpus)
    {
        var writer = new EncryptedCollection(store, "docs", ring, authority);
        await writer.EnsureAsync();
        await writer.UpsertAsync(corpus.Select((v, i) => (v, department: i % 2 == 0 ? "engineering" : "finance"))
            .Select((r, i) => new PlainRecord((ulong)i, r.v, Payload: Encoding.UTF8.GetBytes(r.department), Policy: RbacFixture.Set(authority.Vocabulary, "departments=" + r.department))).ToList());
        return writer;
    }

    /// <summary>Counts the store's queries, to check a search makes one batched round trip.</summary>
    private sealed class CountingStore(IVectorStore inner) : DelegatingStore(inner)
    {
        public int Batches { get; private set; }

        public int Singles { get; private set; }

        public int LastBatchSize { get; private set; }

        public void Reset() => (Batches, Singles) = (0, 0);

        public override Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collection, ReadOnlyMemory<float> vector, int limit, IReadOnlyCollection<string>? anyOfTags = null, CancellationToken cancellationToken = default)
        {
            Singles++;
            return base.QueryAsync(collection, vector, limit, anyOfTags, cancellationToken);
        }

        public override Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default)
        {
            Batches++;
            LastBatchSize = queries.Count;
            return base.QueryBatchAsync(collection, queries, cancellationToken);
        }
    }
}

/// <summary>Class-key search on the embedded store.</summary>
public sealed class EmbeddedClassKeySearch : ClassKeySearchContract
{
    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new EmbeddedVectorStore());
}

/// <summary>Class-key search through the Qdrant adapter over loopback gRPC to the in-process server.</summary>
public sealed class LoopbackQdrantClassKeySearch : ClassKeySearchContract, IAsyncLifetime
{
    private FakeQdrant _server = null!;

    public async Task InitializeAsync() => _server = await FakeQdrant.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new QdrantVectorStore(_server.Address));
}
