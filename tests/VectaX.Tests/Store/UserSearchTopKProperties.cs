using FsCheck.Xunit;
using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>A user's search against brute force over the records its key may open, for queries that sit on no corpus point.</summary>
public sealed class UserSearchTopKProperties
{
    [Property(MaxTest = 8)]
    public async Task A_user_search_returns_the_exact_top_k_among_the_records_its_key_opens(int seed)
    {
        var random = new Random(seed);
        int k = random.Next(1, 11);
        // Record i: "roles=analyst" (the analyst opens it) when i % 3 == 0, "roles=admin" when 1, no policy when 2.
        using var store = new EmbeddedVectorStore();
        await using RbacCorpus corpus = await RbacCorpus.IngestAsync(store, "c", 24, 150, i => (i % 3) switch { 0 => "roles=analyst", 1 => "roles=admin", _ => null });
        float[] query = TestData.Gaussian(random, 24, 0.3f);

        SearchResults found = await corpus.Collection.SearchAsync(query, k, corpus.Analyst);

        ulong[] expected = [.. Enumerable.Range(0, corpus.Vectors.Length).Where(i => i % 3 == 0)
            .OrderBy(i => TestData.Distance(corpus.Vectors[i], query)).ThenBy(i => i).Take(k).Select(i => (ulong)i)];
        Assert.Equal(expected, found.Select(h => h.Id));
        Assert.Empty(found.Skipped);
        Assert.All(found, h => Assert.Equal($"p{h.Id}", System.Text.Encoding.UTF8.GetString(h.Payload!)));
        Assert.All(found, h => Assert.Equal(TestData.Distance(corpus.Vectors[h.Id], query), h.Distance, 1e-4));
    }
}
