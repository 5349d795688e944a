using System.Text;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// Responses larger than a gRPC client receives in one message (4 MiB by default): RBAC records at d = 3072 are about
/// 29 kB each, so a 256-point scroll page (a revocation's) or 300 search candidates are 7-9 MB.
/// </summary>
[Collection(QdrantEnvironment.Name)]
public class QdrantLargeResponseTests
{
    private const int D = 3072, N = 300;

    [Fact]
    public async Task Rbac_search_with_a_large_k_and_rotation_work_at_d_3072()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "k");
        using var store = new QdrantVectorStore(server.Address, "k");
        await SearchAndRotateAsync(store, "docs");
    }

    [SkippableFact]
    public async Task Rbac_search_with_a_large_k_and_rotation_work_at_d_3072_on_a_real_qdrant()
    {
        string? url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Skip.If(string.IsNullOrEmpty(url), "QDRANT_URL is not set: no real Qdrant to test against (see README).");
        using var store = new QdrantVectorStore(new Uri(url), Environment.GetEnvironmentVariable("QDRANT_API_KEY"));
        await SearchAndRotateAsync(store, $"vx_test_{Guid.NewGuid():N}");
    }

    private static async Task SearchAndRotateAsync(QdrantVectorStore store, string name)
    {
        await using RbacCorpus corpus = await IngestAsync(store, name);

        // 100 results x re-rank factor 3 = 300 candidates, about 8.7 MB of points.
        SearchResults mine = await corpus.Collection.SearchAsync(corpus.Vectors[10], 100, corpus.Analyst);
        Assert.Equal(100, mine.Count);
        Assert.Equal(10ul, mine[0].Id);
        Assert.All(mine, h => Assert.Equal($"p{h.Id}", Encoding.UTF8.GetString(h.Payload!)));
        Assert.All(mine, h => Assert.Equal(0ul, h.Id % 2));
        SearchResults all = await corpus.Collection.SearchAsync(corpus.Vectors[11], 200);
        Assert.Equal(200, all.Count);
        Assert.Equal(11ul, all[0].Id);

        // A 256-point page is about 7.4 MB: a revocation (every record re-sealed and re-encrypted under its new class
        // key; RBAC records move with the epoch, not with the ring) pages by bytes instead.
        using RbacAuthority epoch2 = corpus.Authority.AtEpoch(2);
        var revoking = new EncryptedCollection(store, name, null, epoch2);
        Assert.Equal(N, await revoking.RevokeAsync(pageSize: 256));
        Assert.Equal(0, await revoking.RevokeAsync(pageSize: 256));
        using UserKey analyst = epoch2.IssueUserKey(AttributeSetText.Parse(epoch2.Vocabulary, corpus.Analyst.Attributes));
        Assert.Equal(12ul, (await revoking.SearchAsync(corpus.Vectors[12], 1, analyst))[0].Id);
    }

    [Fact]
    public async Task Under_a_1_MiB_receive_limit_search_rotation_and_retrieve_come_in_pieces_that_fit()
    {
        const int Limit = 1 << 20;
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address, new QdrantStoreOptions { MaxResponseBytes = Limit });
        await using RbacCorpus corpus = await IngestAsync(store);

        SearchResults mine = await corpus.Collection.SearchAsync(corpus.Vectors[20], 50, corpus.Analyst);
        Assert.Equal(50, mine.Count);
        Assert.Equal(20ul, mine[0].Id);
        Assert.Equal(N, (await store.RetrieveAsync("docs", Enumerable.Range(0, N).Select(i => (ulong)i).ToList())).Count);
        using RbacAuthority epoch2 = corpus.Authority.AtEpoch(2);
        Assert.Equal(N, await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(pageSize: 256));

        Assert.InRange(server.State.LargestResponse, 1, Limit);
    }

    [Fact]
    public async Task Points_larger_than_any_seen_are_fetched_in_smaller_pieces_and_one_over_the_limit_is_named()
    {
        const int Limit = 256 << 10;
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address, new QdrantStoreOptions { MaxResponseBytes = Limit });
        await store.EnsureCollectionAsync("c", 4);

        // 40 kB of public text each: ten times the first guess at d = 4, so the first pages are refused and split.
        string text = new('x', 40_000);
        await store.UpsertAsync("c", Enumerable.Range(0, 40).Select(i => new StoredPoint((ulong)i, [i, 0, 0, 0], new Dictionary<string, string> { ["text"] = text }, [])).ToList());
        var seen = new List<ulong>();
        ulong? cursor = null;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await store.ScrollAsync("c", cursor, 40);
            seen.AddRange(page.Select(p => p.Id));
            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), seen);
        Assert.Equal(10, (await store.QueryAsync("c", new float[4], 10)).Count);

        await store.UpsertAsync("c", [new StoredPoint(99, [0, 0, 0, 0], new Dictionary<string, string> { ["text"] = new string('y', Limit) }, [])]);
        foreach (Func<Task> fetch in new Func<Task>[] { () => store.RetrieveAsync("c", [99]), () => store.ScrollAsync("c", 99, 10) })
        {
            StoreException e = await Assert.ThrowsAsync<StoreException>(fetch);
            Assert.Contains("Point 99", e.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(QdrantStoreOptions.MaxResponseBytes), e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>N RBAC records at d = 3072, every other one readable by the analyst.</summary>
    private static Task<RbacCorpus> IngestAsync(IVectorStore store, string name = "docs") =>
        RbacCorpus.IngestAsync(store, name, D, N, i => i % 2 == 0 ? "roles=analyst,admin" : "roles=admin", keyId: 1);
}
