using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>Rotation of a page in batches: pages that mix keys, and a bad point amid good ones.</summary>
public class RotationPageTests
{
    private const int D = 24;

    [Fact]
    public async Task A_page_mixing_two_old_keys_and_the_active_one_rotates_each_point_to_its_own_plaintext_keeping_payload_and_revision()
    {
        using VectaXKey k1 = TestData.Key(D, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey k2 = TestData.Key(D, TransformKind.Dense, keyId: 2, seed: 2);
        using VectaXKey k3 = TestData.Key(D, TransformKind.Fast, keyId: 3, seed: 3);
        using var store = new EmbeddedVectorStore();
        float[][] v = Vectors(150, 1201);

        // Ids interleave the keys, so every page holds rows of all three.
        foreach (VectaXKey key in new[] { k1, k2, k3 })
        {
            using var ring = new KeyRing(key);
            var writer = new EncryptedCollection(store, "a", ring);
            await writer.EnsureAsync();
            await writer.UpsertAsync([.. Enumerable.Range(0, v.Length).Where(i => i % 3 == (int)key.KeyId - 1).Select(i => new PlainRecord((ulong)i, v[i], new Dictionary<string, string> { ["n"] = $"{i}" }))]);
        }

        Dictionary<ulong, ulong> revisions = (await store.RetrieveAsync("a", [.. Enumerable.Range(0, v.Length).Select(i => (ulong)i)])).ToDictionary(p => p.Id, PayloadFields.ReadRevision);
        using var all = new KeyRing([k1, k2, k3], activeKeyId: 3);
        var collection = new EncryptedCollection(store, "a", all);
        Assert.Equal(100, await collection.RotateAsync(pageSize: 64));

        IReadOnlyList<StoredPoint> after = await store.RetrieveAsync("a", [.. revisions.Keys]);
        Assert.Equal(v.Length, after.Count);
        foreach (StoredPoint p in after)
        {
            Assert.Equal(3u, EncryptedVectorFormat.ReadKeyId(PayloadFields.ReadMetadata(p)));
            Assert.Equal(revisions[p.Id], PayloadFields.ReadRevision(p));
            Assert.Equal($"{p.Id}", p.Payload["n"]);
            float[] plain = await collection.DecryptAsync(p);
            Assert.True(TestData.Distance(v[p.Id], plain) < 1e-5);
        }
    }

    [Fact]
    public async Task An_altered_point_amid_a_page_stops_rotation_naming_it_and_nothing_of_its_page_is_written()
    {
        (EmbeddedVectorStore store, KeyRing ring, StoredPoint victim) = await TwoKeyStoreAsync(40, 23);
        using (store)
        using (ring)
        {
            float[] altered = (float[])victim.Vector.Clone();
            altered[5] += 0.5f;
            await store.UpsertAsync("a", [victim with { Vector = altered }]);

            await AssertRotationStopsAtAsync(store, ring, 23, pageSize: 32);
            Assert.All(await store.RetrieveAsync("a", [.. Enumerable.Range(0, 32).Select(i => (ulong)i)]), p => Assert.Equal(1u, EncryptedVectorFormat.ReadKeyId(PayloadFields.ReadMetadata(p))));
        }
    }

    [Fact]
    public async Task A_point_whose_vector_has_the_wrong_length_stops_rotation_naming_it()
    {
        (EmbeddedVectorStore store, KeyRing ring, StoredPoint victim) = await TwoKeyStoreAsync(10, 6);
        using (store)
        using (ring)
        {
            // A second collection of another dimension lends its point a vector of the wrong length.
            using var other = new EmbeddedVectorStore();
            await other.EnsureCollectionAsync("a", D + 1);
            await other.UpsertAsync("a", [victim with { Vector = new float[D + 1] }]);

            await AssertRotationStopsAtAsync(other, ring, 6, pageSize: 256);
        }
    }

    private static float[][] Vectors(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D))];
    }

    private static async Task AssertRotationStopsAtAsync(IVectorStore store, KeyRing ring, ulong id, int pageSize)
    {
        StoreException e = await Assert.ThrowsAsync<StoreException>(() => new EncryptedCollection(store, "a", ring).RotateAsync(pageSize: pageSize));
        Assert.Contains($"Point {id} ", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Points 0..n-1 under key 1, a ring moving them to key 2, and the stored point <paramref name="victim"/>.</summary>
    private static async Task<(EmbeddedVectorStore Store, KeyRing Ring, StoredPoint Victim)> TwoKeyStoreAsync(int n, ulong victim)
    {
        using VectaXKey k1 = TestData.Key(D, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey k2 = TestData.Key(D, TransformKind.Fast, keyId: 2, seed: 2);
        var store = new EmbeddedVectorStore();
        float[][] v = Vectors(n, 1202);
        using (var before = new KeyRing(k1))
        {
            var writer = new EncryptedCollection(store, "a", before);
            await writer.EnsureAsync();
            await writer.UpsertAsync([.. v.Select((x, i) => new PlainRecord((ulong)i, x))]);
        }

        return (store, new KeyRing([k1, k2], activeKeyId: 2), (await store.RetrieveAsync("a", [victim])).Single());
    }
}
