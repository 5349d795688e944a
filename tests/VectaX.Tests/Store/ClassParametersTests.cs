using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>A ring rotated to a key of other parameters: records of one policy sealed before and after stay searchable.</summary>
public class ClassParametersTests
{
    private const int D = 32, N = 40;

    [Fact]
    public async Task Records_of_one_policy_sealed_under_two_ring_parameter_sets_are_both_found()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet research = RbacFixture.Set(vocabulary, "departments=research");
        float[][] corpus = TestData.Clustered(new Random(417), 2 * N, D);
        var store = new EmbeddedVectorStore();
        using VectaXKey first = TestData.Key(D, TransformKind.Fast, beta: 0.1f, keyId: 1, seed: 1);
        using VectaXKey second = TestData.Key(D, TransformKind.Fast, beta: 0.2f, scale: 2f, keyId: 2, seed: 2);
        using (var ring = new KeyRing([first], first.KeyId))
        {
            var before = new EncryptedCollection(store, "docs", ring, authority);
            await before.EnsureAsync();
            await before.UpsertAsync(Enumerable.Range(0, N).Select(i => new PlainRecord((ulong)i, corpus[i], Policy: research)).ToList());
        }

        // Another process, after the ring moved to a key with another noise level and scale.
        using (var ring = new KeyRing([first, second], second.KeyId))
        {
            await new EncryptedCollection(store, "docs", ring, authority).UpsertAsync(Enumerable.Range(N, N).Select(i => new PlainRecord((ulong)i, corpus[i], Policy: research)).ToList());
        }

        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=research"));
        var docs = new EncryptedCollection(store, "docs", null);
        foreach (int id in new[] { 3, N + 3 })
        {
            SearchResults found = await docs.SearchAsync(corpus[id], 1, user);
            Assert.Empty(found.Skipped);
            Assert.Equal((ulong)id, Assert.Single(found).Id);
        }
    }
}
