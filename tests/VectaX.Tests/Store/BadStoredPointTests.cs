using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>One bad point in the store must not take every search down with it.</summary>
public class BadStoredPointTests
{
    public static TheoryData<string> Damage() => new() { "iv not base64", "auth_hash missing", "iv short", "key_id not a number", "format_version old" };

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_point_is_skipped_and_the_search_still_answers(string damage)
    {
        using var fixture = new OneKeyCollection();
        EncryptedCollection collection = await fixture.CollectionAsync();
        float[][] v = OneKeyCollection.Vectors(10, 1106);
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x)).ToList());
        StoredPoint three = await fixture.StoredAsync(3);
        var payload = new Dictionary<string, string>(three.Payload);
        switch (damage)
        {
            case "iv not base64": payload[PayloadFields.Iv] = "%%%not base64%%%"; break;
            case "auth_hash missing": payload.Remove(PayloadFields.AuthHash); break;
            case "iv short": payload[PayloadFields.Iv] = Convert.ToBase64String(new byte[12]); break;
            case "key_id not a number": payload[PayloadFields.KeyId] = "seven"; break;
            default: payload[PayloadFields.FormatVersion] = "1"; break;
        }

        await fixture.Store.UpsertAsync("a", [three with { Payload = payload }]);

        SearchResults hits = await collection.SearchAsync(v[3], 3);
        Assert.Equal(3, hits.Count);
        Assert.DoesNotContain(hits, h => h.Id == 3);
        MalformedPointException reason = Assert.IsType<MalformedPointException>(Assert.Single(hits.Skipped, s => s.Id == 3).Reason);
        Assert.Equal(3ul, reason.PointId);
        Assert.Equal(damage.Split(' ')[0], reason.Field);
    }

    [Fact]
    public async Task A_point_naming_a_key_the_ring_lacks_is_listed_among_good_answers_not_dropped_unsaid()
    {
        using var fixture = new OneKeyCollection();
        EncryptedCollection collection = await fixture.CollectionAsync();
        float[][] v = OneKeyCollection.Vectors(10, 1107);
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x)).ToList());
        StoredPoint three = await fixture.StoredAsync(3);
        var payload = new Dictionary<string, string>(three.Payload) { [PayloadFields.KeyId] = "9" };
        await fixture.Store.UpsertAsync("a", [three with { Payload = payload }]);

        SearchResults hits = await collection.SearchAsync(v[3], 3);
        Assert.Equal(3, hits.Count);
        Assert.DoesNotContain(hits, h => h.Id == 3);
        Assert.Equal(9u, Assert.IsType<UnknownKeyException>(Assert.Single(hits.Skipped, s => s.Id == 3).Reason).KeyId);
    }

    [Fact]
    public async Task A_header_that_is_not_base64_is_skipped_in_a_user_search()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        using var fixture = new OneKeyCollection();
        var collection = new EncryptedCollection(fixture.Store, "a", fixture.Ring, authority);
        await collection.EnsureAsync();
        float[][] v = OneKeyCollection.Vectors(6, 1108);
        AttributeSet policy = RbacFixture.Set(vocabulary, "departments=research");
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x, Payload: [(byte)i], Policy: policy)).ToList());
        StoredPoint two = await fixture.StoredAsync(2);
        await fixture.Store.UpsertAsync("a", [two with { Payload = new Dictionary<string, string>(two.Payload) { [PayloadFields.EncryptedHeader] = "***" } }]);

        SearchResults hits = await collection.SearchAsync(v[2], 3, analyst);
        Assert.Equal(3, hits.Count);
        Assert.DoesNotContain(hits, h => h.Id == 2);
        Assert.Equal(PayloadFields.EncryptedHeader, Assert.IsType<MalformedPointException>(Assert.Single(hits.Skipped).Reason).Field);
        Assert.Equal(2ul, (await Assert.ThrowsAsync<MalformedPointException>(() => collection.OpenAsync(2, analyst))).PointId);
    }

    [Fact]
    public async Task A_vector_of_the_wrong_length_from_the_store_is_skipped()
    {
        using var fixture = new OneKeyCollection(new ShortVectorStore(new EmbeddedVectorStore(), 4));
        EncryptedCollection collection = await fixture.CollectionAsync();
        float[][] v = OneKeyCollection.Vectors(8, 1107);
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x)).ToList());

        SearchResults hits = await collection.SearchAsync(v[4], 3);
        Assert.Equal(3, hits.Count);
        Assert.IsType<InvalidVectorException>(Assert.Single(hits.Skipped, s => s.Id == 4).Reason);
    }

    [Fact]
    public void Old_format_metadata_is_refused_with_a_message_that_says_why()
    {
        byte[] metadata = new byte[EncryptedVectorFormat.Size];
        metadata[0] = 1;
        MalformedDataException e = Assert.Throws<MalformedDataException>(() => EncryptedVectorFormat.ReadKeyId(metadata));
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A store that hands back one point with its vector cut short, as a foreign writer might have left it.</summary>
    private sealed class ShortVectorStore(IVectorStore inner, ulong id) : DelegatingStore(inner)
    {
        public override async Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(string collection, IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken = default) =>
            [.. (await base.QueryBatchAsync(collection, queries, cancellationToken)).Select(answer => (IReadOnlyList<ScoredPoint>)[.. answer.Select(s => s.Point.Id == id ? s with { Point = s.Point with { Vector = s.Point.Vector[..^1] } } : s)])];
    }
}
