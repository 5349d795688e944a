using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>The embedded store's scan split across cores and segments, its batch queries and its ordered scroll, against brute force.</summary>
public sealed class EmbeddedSearchTests
{
    private static StoredPoint Point(ulong id, float[] v, string tag) => new(id, v, new Dictionary<string, string>(), [tag]);

    [Fact]
    public async Task A_batch_over_many_segments_with_replaced_and_deleted_points_matches_brute_force()
    {
        var random = new Random(1214);
        using var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 16);
        var live = new Dictionary<ulong, StoredPoint>();
        for (int batch = 0; batch < 12; batch++)
        {
            // Ids overlap between batches, so later batches replace points inside earlier segments.
            var points = Enumerable.Range(0, 3000).Select(_ => (ulong)random.Next(30000)).Distinct()
                .Select(id => Point(id, TestData.Gaussian(random, 16), id % 4 == 0 ? "quarter" : "rest")).ToList();
            await store.UpsertAsync("c", points);
            points.ForEach(p => live[p.Id] = p);
            ulong[] gone = [.. live.Keys.Where(_ => random.Next(20) == 0)];
            await store.DeleteAsync("c", gone);
            Array.ForEach(gone, id => live.Remove(id));
        }

        Assert.Equal(live.Count, await store.CountAsync("c"));
        float[][] queries = [.. Enumerable.Range(0, 5).Select(_ => TestData.Gaussian(random, 16))];
        foreach (string[]? tags in new[] { null, new[] { "quarter" } })
        {
            IReadOnlyList<IReadOnlyList<ScoredPoint>> batch = await store.QueryBatchAsync("c", [.. queries.Select(q => new VectorQuery(q, 25, tags))]);
            for (int q = 0; q < queries.Length; q++)
            {
                ulong[] expected = [.. live.Values.Where(p => tags is null || p.AccessTags[0] == "quarter")
                    .OrderBy(p => TestData.Distance(p.Vector, queries[q])).ThenBy(p => p.Id).Take(25).Select(p => p.Id)];
                Assert.Equal(expected, batch[q].Select(h => h.Point.Id));
                Assert.Equal(expected, (await store.QueryAsync("c", queries[q], 25, tags)).Select(h => h.Point.Id));
                Assert.All(batch[q], h => Assert.Equal(live[h.Point.Id].Vector, h.Point.Vector));
            }
        }
    }

    [Fact]
    public async Task Scroll_stays_in_id_order_after_out_of_order_inserts_deletes_and_replacements()
    {
        using var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 2);
        await store.UpsertAsync("c", [.. Enumerable.Range(0, 50).Select(i => Point((ulong)(100 + i), [i, i], "t"))]);
        await store.UpsertAsync("c", [.. Enumerable.Range(0, 50).Select(i => Point((ulong)i, [i, i], "t"))]);
        await store.DeleteAsync("c", [3, 120]);
        await store.UpsertAsync("c", [Point(7, [0, 0], "t")]);

        var seen = new List<ulong>();
        ulong? cursor = null;
        do
        {
            (IReadOnlyList<StoredPoint> page, ulong? next) = await store.ScrollAsync("c", cursor, 9);
            seen.AddRange(page.Select(p => p.Id));
            if (page.Any(p => p.Id == 7))
            {
                Assert.Equal(new[] { 0f, 0f }, page.Single(p => p.Id == 7).Vector);
            }

            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 50).Concat(Enumerable.Range(100, 50)).Select(i => (ulong)i).Where(i => i is not 3 and not 120), seen);
    }
}
