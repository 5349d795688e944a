using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>The embedded store refuses points and queries of another dimension than its collection's, with a typed error.</summary>
public sealed class EmbeddedDimensionTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(1)]
    public async Task Points_and_queries_of_another_dimension_are_a_store_exception_and_change_nothing(int dimension)
    {
        using var store = new EmbeddedVectorStore();
        await store.EnsureCollectionAsync("c", 4);
        var good = new StoredPoint(1, [1, 0, 0, 0], new Dictionary<string, string>(), []);
        await store.UpsertAsync("c", [good]);

        // One bad point in a batch refuses the batch: the good point beside it is not stored either.
        var bad = new StoredPoint(2, new float[dimension], new Dictionary<string, string>(), []);
        var sibling = new StoredPoint(3, [0, 1, 0, 0], new Dictionary<string, string>(), []);
        Assert.Contains("dimension", (await Assert.ThrowsAsync<StoreException>(() => store.UpsertAsync("c", [sibling, bad]))).Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.CountAsync("c"));

        await Assert.ThrowsAsync<StoreException>(() => store.QueryAsync("c", new float[dimension], 1));
        await Assert.ThrowsAsync<StoreException>(() => store.QueryBatchAsync("c", [new VectorQuery(new float[] { 1, 0, 0, 0 }, 1, null), new VectorQuery(new float[dimension], 1, null)]));
        await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync("c", dimension));
        Assert.Equal(1UL, (await store.QueryAsync("c", new float[] { 1, 0, 0, 0 }, 1)).Single().Point.Id);
    }
}
