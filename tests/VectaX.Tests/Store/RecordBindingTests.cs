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

        SearchResults hits = await collection.SearchAsync(v[2], 2);
        Assert.Empty(hits);
        Assert.Equal([1ul, 2ul], hits.Skipped.Select(s => s.Id));
        Assert.All(hits.Skipped, s => Assert.IsType<AuthenticationFailedException>(s.Reason));
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

        SearchResults hits = await b.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.IsType<AuthenticationFailedException>(Assert.Single(hits.Skipped, s => s.Id == 5).Reason);
        Assert.Single(await a.SearchAsync(v[0], 1));
    }

    [Fact]
    public async Task An_old_version_restored_after_an_update_is_caught_with_a_revision_ledger()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring) { Ledger = new RevisionLedger() };
        await collection.EnsureAsync();
        float[][] v = Vectors(2);
        await collection.UpsertAsync([new PlainRecord(5, v[0])]);
        StoredPoint old = (await store.RetrieveAsync("a", [5])).Single();
        await collection.UpsertAsync([new PlainRecord(5, v[1])]);

        await store.UpsertAsync("a", [old]);

        SearchResults hits = await collection.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.IsType<AuthenticationFailedException>(Assert.Single(hits.Skipped).Reason);
    }

    [Fact]
    public async Task Without_a_ledger_a_rollback_is_not_caught_and_the_stored_revision_is_used()
    {
        // What the store alone can give: the restored point is self-consistent, so only trusted memory catches it.
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

        SearchHit hit = Assert.Single(await collection.SearchAsync(v[0], 1));
        Assert.True(TestData.Distance(v[0], hit.Vector) < 1e-5);
    }

    [Fact]
    public async Task A_revision_field_changed_by_the_store_is_caught()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring);
        await collection.EnsureAsync();
        float[][] v = Vectors(1);
        await collection.UpsertAsync([new PlainRecord(5, v[0])]);
        StoredPoint p = (await store.RetrieveAsync("a", [5])).Single();
        ulong revision = ulong.Parse(p.Payload[PayloadFields.Revision], System.Globalization.CultureInfo.InvariantCulture);
        await store.UpsertAsync("a", [p with { Payload = new Dictionary<string, string>(p.Payload) { [PayloadFields.Revision] = (revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) } }]);

        SearchResults hits = await collection.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.Equal(5ul, Assert.Single(hits.Skipped).Id);
    }

    [Fact]
    public async Task Rotation_keeps_the_binding_and_stops_at_a_moved_point()
    {
        using VectaXKey oldKey = TestData.Key(D, TransformKind.Fast, keyId: 1);
        using VectaXKey newKey = TestData.Key(D, TransformKind.Fast, keyId: 2, seed: 2);
        var store = new EmbeddedVectorStore();
        float[][] v = Vectors(3);
        using (var before = new KeyRing([oldKey], oldKey.KeyId))
        {
            var writer = new EncryptedCollection(store, "a", before);
            await writer.EnsureAsync();
            await writer.UpsertAsync([new PlainRecord(1, v[1]), new PlainRecord(2, v[2])]);
        }

        using var ring = new KeyRing([oldKey, newKey], newKey.KeyId);
        var collection = new EncryptedCollection(store, "a", ring);
        Assert.Equal(2, await collection.RotateAsync());
        SearchResults found = await collection.SearchAsync(v[2], 1);
        Assert.True(TestData.Distance(v[2], found[0].Vector) < 1e-5);

        StoredPoint two = (await store.RetrieveAsync("a", [2])).Single();
        await store.UpsertAsync("a", [two with { Id = 7 }]);
        using var next = new KeyRing([newKey, oldKey], oldKey.KeyId);
        StoreException e = await Assert.ThrowsAsync<StoreException>(() => new EncryptedCollection(store, "a", next).RotateAsync());
        Assert.Contains("Point 7", e.Message, StringComparison.Ordinal);
    }

    private static float[][] Vectors(int n)
    {
        var random = new Random(1101);
        return Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D)).ToArray();
    }
}
