using System.Text;
using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>Encrypted search on the embedded store: exact re-rank recall, RBAC filtering, rotation, payload rules.</summary>
public class EncryptedCollectionTests
{
    private const int D = 64;

    [Fact]
    public async Task Search_with_exact_rerank_finds_the_plaintext_nearest_neighbours()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, beta: 0.1f);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring);
        await collection.EnsureAsync();
        float[][] corpus = Clustered(new Random(131), 2000);
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, new Dictionary<string, string> { ["title"] = $"doc {i}" })).ToList());

        double recall = 0;
        var random = new Random(132);
        for (int q = 0; q < 20; q++)
        {
            float[] query = corpus[random.Next(corpus.Length)].Select(x => x + (0.01f * (float)random.NextDouble())).ToArray();
            var truth = Enumerable.Range(0, corpus.Length).OrderBy(i => TestData.Distance(corpus[i], query)).Take(10).Select(i => (ulong)i).ToHashSet();
            SearchResults hits = await collection.SearchAsync(query, 10);
            recall += hits.Count(h => truth.Contains(h.Id)) / 10.0;
            Assert.Equal($"doc {hits[0].Id}", hits[0].PublicFields["title"]);
            Assert.True(TestData.Distance(hits[0].Vector, corpus[hits[0].Id]) < 1e-5);
        }

        Assert.Equal(1.0, recall / 20, 3);
    }

    [Fact]
    public async Task An_absurd_limit_is_a_typed_range_error_and_a_large_one_returns_the_whole_collection()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring);
        await collection.EnsureAsync();
        float[][] corpus = Clustered(new Random(134), 20);
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v)).ToList());

        var overflow = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => collection.SearchAsync(corpus[0], 2_000_000_000));
        Assert.Equal("limit", overflow.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => collection.SearchAsync(corpus[0], 0));
        SearchResults all = await collection.SearchAsync(corpus[0], int.MaxValue / EncryptedCollection.DefaultRerankFactor);
        Assert.Equal(20, all.Count);
        Assert.Equal(0ul, all[0].Id);
    }

    [Fact]
    public async Task A_hit_carries_the_euclidean_distance_not_its_square()
    {
        using VectaXKey key = TestData.Key(4, TransformKind.Fast);
        using var ring = new KeyRing(key);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring);
        await collection.EnsureAsync();
        await collection.UpsertAsync([new PlainRecord(1, [3, 4, 0, 0])]);

        SearchHit hit = Assert.Single(await collection.SearchAsync([3, 4, 12, 0], 1));

        Assert.Equal(12f, hit.Distance, 4);
    }

    [Fact]
    public async Task A_user_sees_only_records_it_may_open_and_the_limit_counts_only_those()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring, authority);
        await collection.EnsureAsync();
        AttributeSet open = RbacFixture.Set(vocabulary, "roles=analyst,admin;departments=research");
        AttributeSet closed = RbacFixture.Set(vocabulary, "roles=admin");
        float[][] corpus = Clustered(new Random(133), 200);
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, Payload: Encoding.UTF8.GetBytes($"text {i}"), Policy: i % 4 == 0 ? open : closed)).ToList());

        SearchResults hits = await collection.SearchAsync(corpus[1], 10, analyst);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal(0ul, h.Id % 4));
        Assert.All(hits, h => Assert.Equal($"text {h.Id}", Encoding.UTF8.GetString(h.Payload!)));
        Assert.All(hits, h => Assert.Equal(corpus[h.Id], h.Vector));
    }

    [Fact]
    public async Task Open_by_id_returns_the_record_to_a_satisfying_key_and_denies_the_rest()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring, authority);
        await collection.EnsureAsync();
        float[][] corpus = Clustered(new Random(134), 3);
        await collection.UpsertAsync([
            new PlainRecord(1, corpus[0], Payload: "mine"u8.ToArray(), Policy: RbacFixture.Set(vocabulary, "departments=research")),
            new PlainRecord(2, corpus[1], Payload: "theirs"u8.ToArray(), Policy: RbacFixture.Set(vocabulary, "departments=engineering")),
            new PlainRecord(3, corpus[2])]);

        OpenedRecord opened = await collection.OpenAsync(1, analyst);
        Assert.Equal("mine", Encoding.UTF8.GetString(opened.Payload));
        Assert.Equal(corpus[0], opened.Vector);
        await Assert.ThrowsAsync<AccessDeniedException>(() => collection.OpenAsync(2, analyst));
        await Assert.ThrowsAsync<AccessDeniedException>(() => collection.OpenAsync(3, analyst));
        await Assert.ThrowsAsync<StoreException>(() => collection.OpenAsync(4, analyst));
    }

    [Fact]
    public async Task Searching_with_a_key_that_holds_none_of_the_points_is_an_unknown_key_error()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, keyId: 5);
        using VectaXKey other = TestData.Key(D, TransformKind.Fast, keyId: 6, seed: 2);
        using var ring = new KeyRing([key], key.KeyId);
        using var wrong = new KeyRing([other], other.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.EnsureAsync();
        float[][] corpus = Clustered(new Random(135), 20);
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v)).ToList());

        Assert.Equal(5u, (await Assert.ThrowsAsync<UnknownKeyException>(() => new EncryptedCollection(store, "docs", wrong).SearchAsync(corpus[0], 3))).KeyId);
        Assert.Equal(3, (await collection.SearchAsync(corpus[0], 3)).Count);
    }

    [Fact]
    public async Task During_a_rotation_records_under_both_keys_are_found()
    {
        using VectaXKey oldKey = TestData.Key(D, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey newKey = TestData.Key(D, TransformKind.Dense, keyId: 2, seed: 2);
        var store = new EmbeddedVectorStore();
        float[][] corpus = Clustered(new Random(134), 100);
        using (var before = new KeyRing([oldKey], 1))
        {
            var c = new EncryptedCollection(store, "docs", before);
            await c.EnsureAsync();
            await c.UpsertAsync(corpus.Take(50).Select((v, i) => new PlainRecord((ulong)i, v)).ToList());
        }

        using var ring = new KeyRing([oldKey, newKey], 2);
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.UpsertAsync(corpus.Skip(50).Select((v, i) => new PlainRecord((ulong)(50 + i), v)).ToList());

        Assert.Equal(10ul, (await collection.SearchAsync(corpus[10], 1))[0].Id);
        Assert.Equal(70ul, (await collection.SearchAsync(corpus[70], 1))[0].Id);
    }

    [Fact]
    public async Task Reserved_fields_and_unsealed_private_payloads_are_refused()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(new EmbeddedVectorStore(), "docs", ring);
        await collection.EnsureAsync();
        float[] v = new float[D];
        foreach (string name in new[] { "iv", "auth_hash", "key_id", "format_version", "revision", "encrypted_vector_metadata", "encrypted_header", "encrypted_payload", "access_tags" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([new PlainRecord(1, v, new Dictionary<string, string> { [name] = "x" })]));
        }

        Assert.Equal(0, await collection.CountAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([new PlainRecord(1, v, Payload: [1])]));
        await Assert.ThrowsAsync<InvalidVectorException>(() => collection.UpsertAsync([new PlainRecord(1, new float[D - 1])]));
    }

    private static float[][] Clustered(Random random, int count) => TestData.Clustered(random, count, D);
}
