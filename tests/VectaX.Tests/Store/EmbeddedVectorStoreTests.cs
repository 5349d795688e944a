using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>The embedded store: exact nearest neighbours, tag filters, upsert semantics, persistence, typed errors.</summary>
public class EmbeddedVectorStoreTests
{
    private static StoredPoint Point(ulong id, float[] v, params string[] tags) => new(id, v, new Dictionary<string, string> { ["n"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tags);

    [Fact]
    public async Task Query_returns_the_exact_nearest_points_in_order_and_filters_by_tag()
    {
        var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 8);
        var random = new Random(121);
        var points = Enumerable.Range(0, 300).Select(i => Point((ulong)i, TestData.Gaussian(random, 8), i % 3 == 0 ? "even-third" : "rest")).ToList();
        await store.UpsertAsync("c", points);
        float[] q = TestData.Gaussian(random, 8);

        IReadOnlyList<ScoredPoint> hits = await store.QueryAsync("c", q, 10);
        ulong[] expected = points.OrderBy(p => TestData.Distance(p.Vector, q)).Take(10).Select(p => p.Id).ToArray();
        Assert.Equal(expected, hits.Select(h => h.Point.Id));

        IReadOnlyList<ScoredPoint> filtered = await store.QueryAsync("c", q, 10, ["even-third"]);
        Assert.Equal(10, filtered.Count);
        Assert.All(filtered, h => Assert.Equal(0ul, h.Point.Id % 3));
    }

    [Fact]
    public async Task Upsert_replaces_delete_removes_and_count_follows()
    {
        var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 2);
        await store.UpsertAsync("c", [Point(1, [1, 1]), Point(2, [2, 2])]);
        await store.UpsertAsync("c", [Point(1, [5, 5])]);
        Assert.Equal(2, await store.CountAsync("c"));
        StoredPoint replaced = (await store.RetrieveAsync("c", [1]))[0];
        Assert.Equal(new[] { 5f, 5f }, replaced.Vector);
        await store.DeleteAsync("c", [2, 99]);
        Assert.Equal(1, await store.CountAsync("c"));
    }

    [Fact]
    public async Task Mismatched_dimensions_and_unknown_collections_are_store_errors()
    {
        var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 4);
        await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync("c", 5));
        await Assert.ThrowsAsync<StoreException>(() => store.UpsertAsync("c", [Point(1, [1, 2, 3])]));
        await Assert.ThrowsAsync<StoreException>(() => store.QueryAsync("c", new float[3], 1));
        await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("missing"));
    }

    [Fact]
    public async Task A_saved_store_loads_back_whole_and_a_truncated_file_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-{Guid.NewGuid():N}.store");
        try
        {
            var store = new EmbeddedVectorStore();
            await store.EnsureCollectionAsync("c", 3);
            await store.UpsertAsync("c", [Point(7, [1, 2, 3], "t1", "t2"), Point(8, [4, 5, 6])]);
            store.Save(path);

            EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(path);
            StoredPoint p = (await loaded.RetrieveAsync("c", [7]))[0];
            Assert.Equal(new[] { 1f, 2f, 3f }, p.Vector);
            Assert.Equal(new[] { "t1", "t2" }, p.AccessTags);
            Assert.Equal("7", p.Payload["n"]);
            Assert.Equal(2, await loaded.CountAsync("c"));

            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);
            Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
            File.WriteAllBytes(path, "not a store"u8.ToArray());
            Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
