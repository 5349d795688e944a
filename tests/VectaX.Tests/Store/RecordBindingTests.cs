using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>A storage operator who swaps, copies or rolls back stored points: every move is caught by search.</summary>
public class RecordBindingTests
{
    private const int D = 32;

    [Fact]
    public async Task Swapping_vector_and_metadata_between_two_points_is_caught()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring);
        await collection.EnsureAsync();
        float[][] v = Vectors(3);
        await collection.UpsertAsync([new PlainRecord(1, v[1]), new PlainRecord(2, v[2])]);

        IReadOnlyList<StoredPoint> stored = await store.RetrieveAsync("a", [1, 2]);
        StoredPoint one = stored.Single(p => p.Id == 1), two = stored.Single(p => p.Id == 2);
        await store.UpsertAsync("a", [one with { Vector = two.Vector, Payload = two.Payload }, two with { Vector = one.Vector, Payload = one.Payload }]);

        IReadOnlyList<SearchHit> hits = await collection.SearchAsync(v[2], 2);
        Assert.DoesNotContain(hits, h => h.Id is 1 or 2);
    }

    [Fact]
    public async Task A_point_copied_to_the_same_id_in_another_collection_is_caught()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var a = new EncryptedCollection(store, "a", ring);
        var b = new EncryptedCollection(store, "b", ring);
        await a.EnsureAsync();
        await b.EnsureAsync();
        float[][] v = Vectors(2);
        await a.UpsertAsync([new PlainRecord(5, v[0])]);
        await b.UpsertAsync([new PlainRecord(5, v[1])]);

        StoredPoint copied = (await store.RetrieveAsync("a", [5])).Single();
        await store.UpsertAsync("b", [copied]);

        IReadOnlyList<SearchHit> hits = await b.SearchAsync(v[0], 1);
        Assert.Empty(hits);
    }

    [Fact]
    public async Task An_old_version_restored_after_an_update_is_caught_with_a_revision_ledger()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring);
        await collection.EnsureAsync();
        float[][] v = Vectors(2);
        await collection.UpsertAsync([new PlainRecord(5, v[0])]);
        StoredPoint old = (await store.RetrieveAsync("a", [5])).Single();
        await collection.UpsertAsync([new PlainRecord(5, v[1])]);

        await store.UpsertAsync("a", [old]);

        IReadOnlyList<SearchHit> hits = await collection.SearchAsync(v[0], 1);
        Assert.Empty(hits);
    }

    private static float[][] Vectors(int n)
    {
        var random = new Random(1101);
        return Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D)).ToArray();
    }
}
