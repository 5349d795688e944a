using System.Text;
using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// A storage operator who keeps a point's valid vector, metadata and revision but grafts on the RBAC header and sealed
/// blob of another record: from the same id in another collection (refused), or from an older write of the same point
/// (a limit the docs state).
/// </summary>
public sealed class SealedRecordBindingTests : IDisposable
{
    private readonly PolicyVocabulary _vocabulary = RbacFixture.Vocabulary();
    private readonly RbacAuthority _authority;
    private readonly UserKey _analyst;
    private readonly OneKeyCollection _fixture = new();

    public SealedRecordBindingTests()
    {
        _authority = RbacAuthority.Create(_vocabulary);
        _analyst = _authority.IssueUserKey(RbacFixture.Set(_vocabulary, "roles=analyst;departments=research"));
    }

    [Fact]
    public async Task A_sealed_record_grafted_from_the_same_id_in_another_collection_is_not_opened()
    {
        EncryptedCollection a = await Collection("a"), b = await Collection("b");
        float[][] v = OneKeyCollection.Vectors(2, 1201);
        await a.UpsertAsync([Record(5, v[0], "from a")]);
        await b.UpsertAsync([Record(5, v[1], "from b")]);

        await Graft("b", 5, await _fixture.StoredAsync(5, "a"));

        Assert.DoesNotContain(await b.SearchAsync(v[1], 1, _analyst), h => Encoding.UTF8.GetString(h.Payload!) == "from a");
        await Assert.ThrowsAnyAsync<VectaXException>(() => b.OpenAsync(5, _analyst));
        Assert.Equal("from a", Encoding.UTF8.GetString((await a.OpenAsync(5, _analyst)).Payload));
    }

    [Fact]
    public async Task An_older_sealed_record_put_back_under_the_current_vector_still_opens_a_known_limit()
    {
        // The header and blob are bound to collection and id, not to the revision (lazy rewrap keeps the blob across
        // revisions), so the store can pair the current vector with an older private payload. docs/SECURITY.md says so.
        EncryptedCollection collection = await Collection("a");
        float[][] v = OneKeyCollection.Vectors(2, 1202);
        await collection.UpsertAsync([Record(5, v[0], "old")]);
        StoredPoint old = await _fixture.StoredAsync(5);
        await collection.UpsertAsync([Record(5, v[1], "new")]);

        await Graft("a", 5, old);

        SearchHit hit = Assert.Single(await collection.SearchAsync(v[1], 1, _analyst));
        Assert.Equal("old", Encoding.UTF8.GetString(hit.Payload!));
        Assert.True(TestData.Distance(v[0], hit.Vector) < 1e-5); // the old exact vector too, ranked where the new one is
    }

    public void Dispose()
    {
        _analyst.Dispose();
        _authority.Dispose();
        _fixture.Dispose();
    }

    private async Task<EncryptedCollection> Collection(string name)
    {
        var collection = new EncryptedCollection(_fixture.Store, name, _fixture.Ring, _authority);
        await collection.EnsureAsync();
        return collection;
    }

    private PlainRecord Record(ulong id, float[] vector, string text) =>
        new(id, vector, Payload: Encoding.UTF8.GetBytes(text), Policy: RbacFixture.Set(_vocabulary, "departments=research"));

    /// <summary>Replaces the header and sealed blob of <paramref name="id"/> in <paramref name="collection"/> with those of <paramref name="donor"/>.</summary>
    private async Task Graft(string collection, ulong id, StoredPoint donor)
    {
        StoredPoint target = await _fixture.StoredAsync(id, collection);
        var payload = new Dictionary<string, string>(target.Payload)
        {
            [PayloadFields.EncryptedHeader] = donor.Payload[PayloadFields.EncryptedHeader],
            [PayloadFields.EncryptedPayload] = donor.Payload[PayloadFields.EncryptedPayload],
        };
        await _fixture.Store.UpsertAsync(collection, [target with { Payload = payload, AccessTags = donor.AccessTags }]);
    }
}
