using VectaX.Qdrant;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>One bad point in the store must not take every search down with it.</summary>
public class BadStoredPointTests
{
    private const int D = 32;

    public static TheoryData<string> Damage() => new() { "metadata not base64", "metadata missing", "metadata short", "metadata version" };

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_point_is_skipped_and_the_search_still_answers(string damage)
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring);
        await collection.EnsureAsync();
        float[][] v = Vectors(10);
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x)).ToList());
        StoredPoint three = (await store.RetrieveAsync("a", [3])).Single();
        var payload = new Dictionary<string, string>(three.Payload);
        switch (damage)
        {
            case "metadata not base64": payload[PayloadFields.Metadata] = "%%%not base64%%%"; break;
            case "metadata missing": payload.Remove(PayloadFields.Metadata); break;
            case "metadata short": payload[PayloadFields.Metadata] = Convert.ToBase64String(new byte[12]); break;
            default: payload[PayloadFields.Metadata] = Convert.ToBase64String(new byte[EncryptedVectorFormat.Size]); break;
        }

        await store.UpsertAsync("a", [three with { Payload = payload }]);

        IReadOnlyList<SearchHit> hits = await collection.SearchAsync(v[3], 3);
        Assert.Equal(3, hits.Count);
        Assert.DoesNotContain(hits, h => h.Id == 3);
    }

    [Fact]
    public async Task A_header_that_is_not_base64_is_skipped_in_a_user_search()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "a", ring, authority);
        await collection.EnsureAsync();
        float[][] v = Vectors(6);
        AttributeSet policy = RbacFixture.Set(vocabulary, "departments=research");
        await collection.UpsertAsync(v.Select((x, i) => new PlainRecord((ulong)i, x, Payload: [(byte)i], Policy: policy)).ToList());
        StoredPoint two = (await store.RetrieveAsync("a", [2])).Single();
        await store.UpsertAsync("a", [two with { Payload = new Dictionary<string, string>(two.Payload) { [PayloadFields.Header] = "***" } }]);

        IReadOnlyList<SearchHit> hits = await collection.SearchAsync(v[2], 3, analyst);
        Assert.Equal(3, hits.Count);
        Assert.DoesNotContain(hits, h => h.Id == 2);
    }

    private static float[][] Vectors(int n)
    {
        var random = new Random(1107);
        return Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D)).ToArray();
    }
}
