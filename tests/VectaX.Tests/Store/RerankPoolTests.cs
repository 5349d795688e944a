using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>
/// The re-rank pool against queries that sit on no corpus point: near ties the noise reorders must still come back
/// exact when the pool is as large as the default factor promises, and a smaller pool must lose some.
/// </summary>
public sealed class RerankPoolTests
{
    private const int Dimension = 16;
    private const int Groups = 40;

    /// <summary>Two decoys per group, this much farther from its query than the true nearest point.</summary>
    private const float DecoyGap = 0.01f;

    [Fact]
    public async Task The_default_pool_returns_the_true_nearest_point_where_a_pool_of_two_per_result_loses_some()
    {
        // Beta 1: the noise moves each encrypted distance by up to 0.5, far more than the decoys' gap of 0.01, so the
        // store ranks a group's three near points in a random order; every other point is more than beta farther, so it
        // never enters a group's top three. With one result asked for, a pool of 3 always holds the true nearest point;
        // a pool of 2 misses it whenever the store put it third (about 1 query in 3: all 40 kept has odds (2/3)^40, 1e-7).
        var random = new Random(3);
        float[][] centers = Enumerable.Range(0, Groups).Select(_ => TestData.Gaussian(random, Dimension, 10f)).ToArray();
        double nearestCenters = centers.SelectMany((a, i) => centers.Skip(i + 1).Select(b => TestData.Distance(a, b))).Min();
        Assert.True(nearestCenters > (2 * (1 + DecoyGap)) + 1 + 0.5, $"premise: the groups are more than beta apart ({nearestCenters})");

        using var store = new EmbeddedVectorStore();
        using VectaXKey key = TestData.Key(Dimension, TransformKind.Fast, beta: 1f);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(store, "c", ring);
        await collection.EnsureAsync();
        var records = new List<PlainRecord>();
        for (int g = 0; g < Groups; g++)
        {
            int[] axes = [.. Enumerable.Range(0, Dimension).OrderBy(_ => random.Next()).Take(3)];
            records.Add(new PlainRecord((ulong)(3 * g), Offset(centers[g], axes[0], 1f)));
            records.Add(new PlainRecord((ulong)((3 * g) + 1), Offset(centers[g], axes[1], 1f + DecoyGap)));
            records.Add(new PlainRecord((ulong)((3 * g) + 2), Offset(centers[g], axes[2], -(1f + DecoyGap))));
        }

        await collection.UpsertAsync(records);
        var narrow = new EncryptedCollection(store, "c", ring) { RerankFactor = 2 };

        int lostByNarrow = 0;
        for (int g = 0; g < Groups; g++)
        {
            SearchResults found = await collection.SearchAsync(centers[g], 1);
            Assert.Equal((ulong)(3 * g), Assert.Single(found).Id);
            lostByNarrow += (await narrow.SearchAsync(centers[g], 1)).Single().Id == (ulong)(3 * g) ? 0 : 1;
        }

        Assert.True(lostByNarrow > 0, "premise: a pool of two per result loses a true nearest point among near ties");
    }

    private static float[] Offset(float[] center, int axis, float by)
    {
        float[] v = (float[])center.Clone();
        v[axis] += by;
        return v;
    }
}
