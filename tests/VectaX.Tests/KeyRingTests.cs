namespace VectaX.Tests;

/// <summary>A ring decrypts by key id and encrypts queries under every key, as a rotation needs.</summary>
public class KeyRingTests
{
    [Fact]
    public void Decrypt_picks_the_key_named_in_the_metadata()
    {
        using VectaXKey oldKey = TestData.Key(24, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey newKey = TestData.Key(24, TransformKind.Dense, keyId: 2, seed: 2);
        using var ring = new KeyRing([oldKey, newKey], activeKeyId: 2);
        using var old = new VectorCipher(oldKey);
        float[] v = TestData.Gaussian(new Random(61), 24);

        EncryptedVector before = old.Encrypt(v);
        EncryptedVector after = ring.Encrypt(v);

        Assert.Equal(2u, after.KeyId);
        Assert.True(TestData.Distance(ring.Decrypt(before), v) < 1e-5);
        Assert.True(TestData.Distance(ring.Decrypt(after), v) < 1e-5);
        Assert.True(ring.Verify(before.Ciphertext, before.Metadata));
    }

    [Fact]
    public void Queries_are_encrypted_under_every_key_active_first()
    {
        using VectaXKey a = TestData.Key(24, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey b = TestData.Key(24, TransformKind.Fast, keyId: 2, seed: 2);
        using var ring = new KeyRing([a, b], activeKeyId: 2);
        float[] v = TestData.Gaussian(new Random(62), 24);
        var queries = ring.EncryptQueryForEachKey(v);
        Assert.Equal([2u, 1u], queries.Select(q => q.KeyId));

        // Each query is near its own key's ciphertext of the same vector, far from the other key's.
        using var ca = new VectorCipher(a);
        float[] stored = ca.Encrypt(v).Ciphertext;
        Assert.True(TestData.Distance(queries[1].Query, stored) <= a.Beta / 2 + 1e-4);
    }

    [Fact]
    public void Unknown_duplicate_or_mismatched_keys_are_refused()
    {
        using VectaXKey a = TestData.Key(24, TransformKind.Fast, keyId: 1);
        using VectaXKey a2 = TestData.Key(24, TransformKind.Fast, keyId: 1, seed: 3);
        using VectaXKey wide = TestData.Key(32, TransformKind.Fast, keyId: 3);
        Assert.Throws<ArgumentException>(() => new KeyRing([a], activeKeyId: 9));
        Assert.Throws<ArgumentException>(() => new KeyRing([a, a2], activeKeyId: 1));
        Assert.Throws<ArgumentException>(() => new KeyRing([a, wide], activeKeyId: 1));

        using var ring = new KeyRing([a], activeKeyId: 1);
        using var stranger = new VectorCipher(TestData.Key(24, TransformKind.Fast, keyId: 77));
        EncryptedVector e = stranger.Encrypt(new float[24]);
        Assert.Equal(77u, Assert.Throws<UnknownKeyException>(() => ring.Decrypt(e)).KeyId);
        Assert.False(ring.Verify(e.Ciphertext, e.Metadata));
    }

    [Fact]
    public void A_ring_of_one_key_is_active_under_that_key_and_outlives_the_key_object()
    {
        KeyRing ring;
        float[] vector = [1, 2, 3, 4, 5, 6, 7, 8];
        EncryptedVector e;
        using (VectaXKey key = TestData.Key(8, TransformKind.Fast, keyId: 12))
        {
            ring = new KeyRing(key);
            e = ring.Encrypt(vector);
        }

        using (ring)
        {
            Assert.Equal(12u, ring.Active.KeyId);
            Assert.Equal([12u], ring.KeyIds);
            Assert.True(TestData.Distance(vector, ring.Decrypt(e)) < 1e-5);
        }

        Assert.Throws<ArgumentNullException>(() => new KeyRing((VectaXKey)null!));
    }
}
