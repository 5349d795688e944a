using System.Globalization;
using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>A storage operator who swaps, copies or rolls back stored points: every move is caught by search.</summary>
public class RecordBindingTests
{
    [Fact]
    public async Task Swapping_vector_and_metadata_between_two_points_is_caught()
    {
        using var fixture = new OneKeyCollection();
        EncryptedCollection collection = await fixture.CollectionAsync();
        float[][] v = OneKeyCollection.Vectors(3, 1101);
        await collection.UpsertAsync([new PlainRecord(1, v[1]), new PlainRecord(2, v[2])]);

        StoredPoint one = await fixture.StoredAsync(1), two = await fixture.StoredAsync(2);
        await fixture.Store.UpsertAsync("a", [one with { Vector = two.Vector, Payload = two.Payload }, two with { Vector = one.Vector, Payload = one.Payload }]);

        SearchResults hits = await collection.SearchAsync(v[2], 2);
        Assert.Empty(hits);
        Assert.Equal([1ul, 2ul], hits.Skipped.Select(s => s.Id));
        Assert.All(hits.Skipped, s => Assert.IsType<AuthenticationFailedException>(s.Reason));
    }

    [Fact]
    public async Task A_point_copied_to_the_same_id_in_another_collection_is_caught()
    {
        using var fixture = new OneKeyCollection();
        EncryptedCollection a = await fixture.CollectionAsync("a"), b = await fixture.CollectionAsync("b");
        float[][] v = OneKeyCollection.Vectors(2, 1102);
        await a.UpsertAsync([new PlainRecord(5, v[0])]);
        await b.UpsertAsync([new PlainRecord(5, v[1])]);

        await fixture.Store.UpsertAsync("b", [await fixture.StoredAsync(5, "a")]);

        SearchResults hits = await b.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.IsType<AuthenticationFailedException>(Assert.Single(hits.Skipped, s => s.Id == 5).Reason);
        Assert.Single(await a.SearchAsync(v[0], 1));
    }

    [Fact]
    public async Task An_old_version_restored_after_an_update_is_caught_with_a_revision_ledger()
    {
        using var fixture = new OneKeyCollection();
        (EncryptedCollection collection, float[][] v) = await RolledBack(fixture, new RevisionLedger());

        SearchResults hits = await collection.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.IsType<AuthenticationFailedException>(Assert.Single(hits.Skipped).Reason);
    }

    [Fact]
    public async Task Without_a_ledger_a_rollback_is_not_caught_and_the_stored_revision_is_used()
    {
        // What the store alone can give: the restored point is self-consistent, so only trusted memory catches it.
        using var fixture = new OneKeyCollection();
        (EncryptedCollection collection, float[][] v) = await RolledBack(fixture, null);

        SearchHit hit = Assert.Single(await collection.SearchAsync(v[0], 1));
        Assert.True(TestData.Distance(v[0], hit.Vector) < 1e-5);
    }

    [Fact]
    public async Task A_revision_field_changed_by_the_store_is_caught()
    {
        using var fixture = new OneKeyCollection();
        EncryptedCollection collection = await fixture.CollectionAsync();
        float[][] v = OneKeyCollection.Vectors(1, 1103);
        await collection.UpsertAsync([new PlainRecord(5, v[0])]);
        StoredPoint p = await fixture.StoredAsync(5);
        ulong revision = ulong.Parse(p.Payload[PayloadFields.Revision], CultureInfo.InvariantCulture);
        var payload = new Dictionary<string, string>(p.Payload) { [PayloadFields.Revision] = (revision + 1).ToString(CultureInfo.InvariantCulture) };
        await fixture.Store.UpsertAsync("a", [p with { Payload = payload }]);

        SearchResults hits = await collection.SearchAsync(v[0], 1);
        Assert.Empty(hits);
        Assert.Equal(5ul, Assert.Single(hits.Skipped).Id);
    }

    [Fact]
    public async Task Rotation_keeps_the_binding_and_stops_at_a_moved_point()
    {
        using VectaXKey oldKey = TestData.Key(OneKeyCollection.D, TransformKind.Fast, keyId: 1);
        using VectaXKey newKey = TestData.Key(OneKeyCollection.D, TransformKind.Fast, keyId: 2, seed: 2);
        var store = new EmbeddedVectorStore();
        float[][] v = OneKeyCollection.Vectors(3, 1104);
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

    /// <summary>Point 5 written as v[0], updated to v[1], then put back as it was by the store.</summary>
    private static async Task<(EncryptedCollection Collection, float[][] V)> RolledBack(OneKeyCollection fixture, IRevisionLedger? ledger)
    {
        EncryptedCollection collection = await fixture.CollectionAsync(ledger: ledger);
        float[][] v = OneKeyCollection.Vectors(2, 1105);
        await collection.UpsertAsync([new PlainRecord(5, v[0])]);
        StoredPoint old = await fixture.StoredAsync(5);
        await collection.UpsertAsync([new PlainRecord(5, v[1])]);
        await fixture.Store.UpsertAsync("a", [old]);
        return (collection, v);
    }
}
