using System.Text;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// The whole Qdrant flow over real gRPC in one story: ingest, a server killed mid-ingest and restarted, resumed
/// ingest, plain search with exact re-rank, RBAC search with a user key alone, a key rotation, an eager revocation,
/// and search again.
/// </summary>
public class EndToEndTests
{
    private const int D = 48, N = 600;

    [Fact]
    public async Task Ingest_survive_a_kill_search_plain_and_rbac_rotate_and_search_again()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey researcher = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        AttributeSet research = RbacFixture.Set(vocabulary, "departments=research"), engineering = RbacFixture.Set(vocabulary, "departments=engineering");
        using VectaXKey key1 = TestData.Key(D, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey key2 = TestData.Key(D, TransformKind.Fast, keyId: 2, seed: 2);
        var random = new Random(181);
        float[][] corpus = Enumerable.Range(0, N).Select(_ => TestData.Unit(random, D)).ToArray();
        IEnumerable<PlainRecord> Records() => corpus.Select((v, i) => i % 3 == 2
            ? new PlainRecord((ulong)i, v, new Dictionary<string, string> { ["title"] = $"doc {i}" })
            : new PlainRecord((ulong)i, v, new Dictionary<string, string> { ["title"] = $"doc {i}" }, Encoding.UTF8.GetBytes($"secret {i}"), i % 3 == 0 ? research : engineering));
        var options = new IngestOptions { BatchSize = 50, MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(5) };

        // 1. Ingest until the server dies.
        FakeQdrant first = await FakeQdrant.StartAsync(apiKey: "k");
        using var ring1 = new KeyRing([key1], 1);
        IngestException cut;
        using (var store = new QdrantVectorStore(first.Address, "k"))
        {
            var collection = new EncryptedCollection(store, "docs", ring1, authority);
            await collection.EnsureAsync();
            var kill = new Progress(a =>
            {
                if (a >= 200)
                {
                    first.StopAsync().GetAwaiter().GetResult();
                }
            });
            cut = await Assert.ThrowsAsync<IngestException>(() => new IngestPipeline(collection, options).RunAsync(Records(), kill));
        }

        FakeQdrantState state = first.State;
        await first.DisposeAsync();

        // 2. Restart the server with its data and resume.
        await using FakeQdrant server = await FakeQdrant.StartAsync(restart: state);
        using var store2 = new QdrantVectorStore(server.Address, "k");
        var docs = new EncryptedCollection(store2, "docs", ring1, authority);
        Assert.Equal(N, await new IngestPipeline(docs, options).RunAsync(Records(), skip: cut.Acknowledged));
        Assert.Equal(N, await docs.CountAsync());

        // 3. The key holder's search over every record (ring and, through the authority, every class), and a user's
        //    search with its user key alone.
        SearchHit hit = (await docs.SearchAsync(corpus[321], 1))[0];
        Assert.Equal((321ul, "doc 321"), (hit.Id, hit.PublicFields["title"]));
        Assert.Equal(322ul, (await docs.SearchAsync(corpus[322], 1))[0].Id);
        var userOnly = new EncryptedCollection(store2, "docs", null);
        SearchResults mine = await userOnly.SearchAsync(corpus[321], 5, researcher);
        Assert.Equal(5, mine.Count);
        Assert.All(mine, h => Assert.Equal($"secret {h.Id}", Encoding.UTF8.GetString(h.Payload!)));
        Assert.All(mine, h => Assert.Equal(0ul, h.Id % 3));

        // 4. Rotate the ring to key 2 (records without a policy), then search with key 2 alone.
        using var both = new KeyRing([key1, key2], 2);
        var rotating = new EncryptedCollection(store2, "docs", both, authority);
        Assert.Equal(N / 3, await rotating.RotateAsync(pageSize: 128));
        using var ring2 = new KeyRing([key2], 2);
        var after = new EncryptedCollection(store2, "docs", ring2, authority);
        Assert.Equal(42ul, (await after.SearchAsync(corpus[42], 1))[0].Id);
        Assert.Equal(44ul, (await after.SearchAsync(corpus[44], 1))[0].Id);
        Assert.All(await userOnly.SearchAsync(corpus[42], 5, researcher), h => Assert.Equal($"secret {h.Id}", Encoding.UTF8.GetString(h.Payload!)));

        // 5. Revoke epoch 1 eagerly: the old key finds nothing, a key of epoch 2 finds what the old one did.
        using RbacAuthority epoch2 = authority.AtEpoch(2);
        Assert.Equal(2 * N / 3, await new EncryptedCollection(store2, "docs", ring2, epoch2).RevokeAsync(pageSize: 128));
        using UserKey renewed = epoch2.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        Assert.Empty(await userOnly.SearchAsync(corpus[42], 5, researcher));
        Assert.Equal(mine.Select(h => h.Id), (await userOnly.SearchAsync(corpus[321], 5, renewed)).Select(h => h.Id));
    }

    private sealed class Progress(Action<long> onReport) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => onReport(value.Acknowledged);
    }
}
