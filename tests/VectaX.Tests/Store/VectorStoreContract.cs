using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>
/// What every <see cref="IVectorStore"/> must do, run against the embedded store, the Qdrant adapter over
/// loopback gRPC, and a real Qdrant when QDRANT_URL is set.
/// </summary>
public abstract class VectorStoreContract
{
    /// <summary>A store to test, or a visible skip.</summary>
    private protected abstract Task<IVectorStore> CreateAsync();

    private static string NewCollection() => $"vx_test_{Guid.NewGuid():N}";

    private static StoredPoint Point(ulong id, float[] v, params string[] tags) =>
        new(id, v, new Dictionary<string, string> { ["n"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tags);

    [SkippableFact]
    public async Task Query_returns_the_exact_nearest_points_in_order_and_filters_by_tag()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 8);
        var random = new Random(121);
        var points = Enumerable.Range(0, 300).Select(i => Point((ulong)i, TestData.Gaussian(random, 8), i % 3 == 0 ? "third" : "rest")).ToList();
        await store.UpsertAsync(c, points);
        float[] q = TestData.Gaussian(random, 8);

        IReadOnlyList<ScoredPoint> hits = await store.QueryAsync(c, q, 10);
        ulong[] expected = points.OrderBy(p => TestData.Distance(p.Vector, q)).Take(10).Select(p => p.Id).ToArray();
        Assert.Equal(expected, hits.Select(h => h.Point.Id));
        Assert.Equal((float)Math.Pow(TestData.Distance(points[(int)expected[0]].Vector, q), 2), hits[0].Distance, 3);
        Assert.Equal(points[(int)expected[0]].Vector, hits[0].Point.Vector);
        Assert.Equal(expected[0].ToString(System.Globalization.CultureInfo.InvariantCulture), hits[0].Point.Payload["n"]);

        IReadOnlyList<ScoredPoint> filtered = await store.QueryAsync(c, q, 10, ["third"]);
        Assert.Equal(10, filtered.Count);
        Assert.All(filtered, h => Assert.Equal(0ul, h.Point.Id % 3));
        Assert.All(filtered, h => Assert.Equal(["third"], h.Point.AccessTags));
    }

    [SkippableFact]
    public async Task A_batch_answers_each_query_as_a_single_query_would_in_order_each_with_its_own_filter_and_limit()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 8);
        var random = new Random(122);
        string[] tags = ["a", "b", "c"];
        await store.UpsertAsync(c, [.. Enumerable.Range(0, 240).Select(i => Point((ulong)i, TestData.Gaussian(random, 8), tags[i % 3]))]);
        VectorQuery[] queries =
        [
            new(TestData.Gaussian(random, 8), 5, ["a"]),
            new(TestData.Gaussian(random, 8), 7),
            new(TestData.Gaussian(random, 8), 3, ["b", "c"]),
            new(TestData.Gaussian(random, 8), 4, ["none"]),
        ];

        IReadOnlyList<IReadOnlyList<ScoredPoint>> batch = await store.QueryBatchAsync(c, queries);

        Assert.Equal(queries.Length, batch.Count);
        for (int q = 0; q < queries.Length; q++)
        {
            IReadOnlyList<ScoredPoint> single = await store.QueryAsync(c, queries[q].Vector, queries[q].Limit, queries[q].AnyOfTags);
            Assert.Equal(single.Select(h => h.Point.Id), batch[q].Select(h => h.Point.Id));
        }

        Assert.Empty(batch[3]);
        Assert.All(batch[2], h => Assert.NotEqual(0ul, h.Point.Id % 3));
        Assert.Empty(await store.QueryBatchAsync(c, []));
    }

    [SkippableFact]
    public async Task Upsert_replaces_delete_removes_and_count_follows()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 2);
        await store.UpsertAsync(c, [Point(1, [1, 1]), Point(2, [2, 2])]);
        await store.UpsertAsync(c, [Point(1, [5, 5])]);
        Assert.Equal(2, await store.CountAsync(c));
        StoredPoint replaced = (await store.RetrieveAsync(c, [1]))[0];
        Assert.Equal(new[] { 5f, 5f }, replaced.Vector);
        await store.DeleteAsync(c, [2, 99]);
        Assert.Equal(1, await store.CountAsync(c));
        Assert.Empty(await store.RetrieveAsync(c, [2]));
    }

    [SkippableFact]
    public async Task Highest_id_follows_upserts_and_deletes_across_the_whole_id_range()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 2);
        Assert.Null(await store.HighestIdAsync(c));
        await store.UpsertAsync(c, [Point(3, [1, 1])]);
        Assert.Equal(3ul, await store.HighestIdAsync(c));
        await store.UpsertAsync(c, [Point(0, [1, 1]), Point(1UL << 40, [1, 1]), Point(17, [1, 1]), Point(ulong.MaxValue - 1, [1, 1]), Point(1UL << 63, [2, 2])]);
        Assert.Equal(ulong.MaxValue - 1, await store.HighestIdAsync(c));
        await store.DeleteAsync(c, [ulong.MaxValue - 1]);
        Assert.Equal(1UL << 63, await store.HighestIdAsync(c));
        await store.DeleteAsync(c, [1UL << 63, 1UL << 40, 17, 3]);
        Assert.Equal(0ul, await store.HighestIdAsync(c));
    }

    [SkippableFact]
    public async Task Scroll_visits_every_point_once_in_id_order()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 2);
        await store.UpsertAsync(c, Enumerable.Range(0, 25).Select(i => Point((ulong)(3 * i), [i, i])).ToList());
        var seen = new List<ulong>();
        ulong? cursor = null;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await store.ScrollAsync(c, cursor, 7);
            seen.AddRange(page.Select(p => p.Id));
            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (ulong)(3 * i)), seen);
    }

    [SkippableFact]
    public async Task A_collection_of_another_dimension_is_refused()
    {
        IVectorStore store = await CreateAsync();
        string c = NewCollection();
        await store.EnsureCollectionAsync(c, 4);
        await store.EnsureCollectionAsync(c, 4);
        await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync(c, 5));
        await Assert.ThrowsAsync<StoreException>(() => store.CountAsync(NewCollection()));
    }
}

/// <summary>The contract on the embedded store.</summary>
public sealed class EmbeddedStoreContract : VectorStoreContract
{
    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new EmbeddedVectorStore());
}

/// <summary>The contract on the Qdrant adapter, the real Qdrant.Client over loopback gRPC to the in-process server.</summary>
public sealed class LoopbackQdrantContract : VectorStoreContract, IAsyncLifetime
{
    private FakeQdrant _server = null!;

    public async Task InitializeAsync() => _server = await FakeQdrant.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new QdrantVectorStore(_server.Address));
}

/// <summary>The contract on a real Qdrant: set QDRANT_URL (gRPC, e.g. http://localhost:6334) and optionally QDRANT_API_KEY.</summary>
[Collection(QdrantEnvironment.Name)]
public sealed class RealQdrantContract : VectorStoreContract
{
    private protected override Task<IVectorStore> CreateAsync()
    {
        string? url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Skip.If(string.IsNullOrEmpty(url), "QDRANT_URL is not set: no real Qdrant to test against (see README).");
        return Task.FromResult<IVectorStore>(new QdrantVectorStore(new Uri(url), Environment.GetEnvironmentVariable("QDRANT_API_KEY")));
    }
}
