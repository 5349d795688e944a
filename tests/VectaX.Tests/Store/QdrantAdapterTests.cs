using System.Text;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>The Qdrant adapter end to end over real gRPC: encrypted RBAC search, API keys, a dead server.</summary>
public class QdrantAdapterTests
{
    [Fact]
    public async Task Encrypted_and_rbac_search_work_through_the_grpc_adapter()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "s3cret");
        using var store = new QdrantVectorStore(server.Address, "s3cret");
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        using VectaXKey key = TestData.Key(32, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(store, "docs", ring, authority);
        await collection.EnsureAsync();
        var random = new Random(141);
        float[][] corpus = Enumerable.Range(0, 120).Select(_ => TestData.Unit(random, 32)).ToArray();
        AttributeSet open = RbacFixture.Set(vocabulary, "roles=analyst"), closed = RbacFixture.Set(vocabulary, "roles=admin");
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, new Dictionary<string, string> { ["title"] = $"t{i}" }, Encoding.UTF8.GetBytes($"p{i}"), i % 2 == 0 ? open : closed)).ToList());

        SearchHit top = (await collection.SearchAsync(corpus[7], 1))[0];
        Assert.Equal(7ul, top.Id);
        Assert.Equal("t7", top.PublicFields["title"]);

        SearchResults mine = await collection.SearchAsync(corpus[7], 5, analyst);
        Assert.Equal(5, mine.Count);
        Assert.All(mine, h => Assert.Equal($"p{h.Id}", Encoding.UTF8.GetString(h.Payload!)));
        Assert.All(mine, h => Assert.Equal(0ul, h.Id % 2));
        Assert.Equal(120, await store.CountAsync("docs"));
    }

    [Fact]
    public async Task A_wrong_api_key_and_a_stopped_server_are_store_errors()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "right");
        using (var wrong = new QdrantVectorStore(server.Address, "wrong"))
        {
            Assert.Contains("Unauthenticated", (await Assert.ThrowsAsync<StoreException>(() => wrong.EnsureCollectionAsync("c", 4))).Message);
        }

        using var store = new QdrantVectorStore(server.Address, "right");
        await store.EnsureCollectionAsync("c", 4);
        await server.StopAsync();

        // The first call can still meet the closing HTTP/2 connection (GOAWAY), which gRPC reports as Internal ("Error
        // starting gRPC call"); once that connection is gone, the refused connection is Unavailable.
        await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("c"));
        Assert.Contains("Unavailable", (await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("c"))).Message);
    }
}
