namespace VectaX.Tests;

/// <summary>Bad input gets a typed error with a clear message and leaves nothing half-done.</summary>
public class BadInputTests
{
    private static VectorCipher Cipher(int d = 8, float scale = 1f) => new(TestData.Key(d, TransformKind.Fast, scale: scale));

    [Fact]
    public void Wrong_dimension_and_empty_vectors_are_rejected()
    {
        using VectorCipher cipher = Cipher();
        Assert.Contains("dimension 8, got 7", Assert.Throws<InvalidVectorException>(() => cipher.Encrypt(new float[7])).Message);
        Assert.Contains("empty", Assert.Throws<InvalidVectorException>(() => cipher.Encrypt(ReadOnlySpan<float>.Empty)).Message);
        Assert.Throws<InvalidVectorException>(() => cipher.EncryptQuery(new float[9]));
        EncryptedVector e = cipher.Encrypt(new float[8]);
        Assert.Throws<InvalidVectorException>(() => cipher.Decrypt(new float[9], e.Metadata, new float[9]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_values_are_rejected(float bad)
    {
        using VectorCipher cipher = Cipher();
        float[] v = new float[8];
        v[5] = bad;
        Assert.Throws<InvalidVectorException>(() => cipher.Encrypt(v));
        Assert.Throws<InvalidVectorException>(() => cipher.EncryptQuery(v));
    }

    [Theory]
    [InlineData(TransformKind.Fast, TransformRevision.SingleGather)]
    [InlineData(TransformKind.Fast, TransformRevision.Original)]
    [InlineData(TransformKind.Fast, TransformRevision.SplitHadamard)]
    [InlineData(TransformKind.Dense, TransformRevision.Original)]
    public void A_non_finite_value_anywhere_is_named_and_leaves_no_output(TransformKind kind, TransformRevision revision)
    {
        // Finiteness is learnt from the output's last pass, not a pass over the input: a NaN or infinity at any
        // position, alone or beside values it could cancel against, must still be caught, named as such, and leave
        // neither ciphertext nor metadata behind.
        foreach (int d in revision == TransformRevision.SplitHadamard ? new[] { 32, 48, 384, 768 } : new[] { 1, 2, 8, 33, 383, 768 })
        {
            using var cipher = new VectorCipher(TestData.Key(d, kind, revision: revision));
            foreach (int at in new[] { 0, d / 2, d - 1 })
            {
                foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                {
                    float[] v = TestData.Gaussian(new Random(at), d);
                    v[at] = bad;
                    if (d > 1)
                    {
                        v[(at + 1) % d] = -bad;
                    }

                    float[] c = Enumerable.Repeat(7f, d).ToArray(), q = Enumerable.Repeat(7f, d).ToArray();
                    byte[] m = new byte[EncryptedVectorFormat.Size];
                    Assert.Contains("NaN or infinity", Assert.Throws<InvalidVectorException>(() => cipher.Encrypt(v, c, m)).Message);
                    Assert.Contains("NaN or infinity", Assert.Throws<InvalidVectorException>(() => cipher.EncryptQuery(v, q)).Message);
                    Assert.All(c, x => Assert.Equal(0f, x));
                    Assert.All(q, x => Assert.Equal(0f, x));
                    Assert.All(m, b => Assert.Equal(0, b));
                }
            }
        }
    }

    [Fact]
    public void A_vector_that_overflows_once_scaled_is_rejected()
    {
        using VectorCipher cipher = Cipher(scale: 1e10f);
        float[] v = Enumerable.Repeat(3e37f, 8).ToArray();
        Assert.Contains("overflows", Assert.Throws<InvalidVectorException>(() => cipher.Encrypt(v)).Message);
    }

    [Fact]
    public void Truncated_foreign_and_unknown_version_metadata_are_malformed()
    {
        using VectorCipher cipher = Cipher();
        EncryptedVector e = cipher.Encrypt(new float[8]);
        float[] plain = new float[8];
        Assert.Throws<MalformedDataException>(() => cipher.Decrypt(e.Ciphertext, e.Metadata[..36], plain));
        Assert.Throws<MalformedDataException>(() => cipher.Decrypt(e.Ciphertext, [.. e.Metadata, 0], plain));
        Assert.Throws<MalformedDataException>(() => cipher.Decrypt(e.Ciphertext, new byte[37], plain));
        Assert.Throws<MalformedDataException>(() => EncryptedVectorFormat.FromBase64("not base64!"));
        Assert.Throws<MalformedDataException>(() => EncryptedVectorFormat.FromBase64(Convert.ToBase64String(new byte[20])));
        Assert.Throws<MalformedDataException>(() => new EncryptedVector(new float[8], new byte[3]));
    }

    [Fact]
    public void A_ciphertext_under_another_key_id_names_that_id()
    {
        using VectorCipher mine = Cipher();
        using var other = new VectorCipher(TestData.Key(8, TransformKind.Fast, keyId: 99));
        EncryptedVector e = other.Encrypt(new float[8]);
        Assert.Equal(99u, Assert.Throws<UnknownKeyException>(() => mine.Decrypt(e)).KeyId);
        Assert.False(mine.Verify(e.Ciphertext, e.Metadata));
    }

    [Fact]
    public void Output_spans_must_fit_and_not_overlap_the_input()
    {
        using VectorCipher cipher = Cipher();
        float[] buffer = new float[8];
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(buffer, buffer, new byte[EncryptedVectorFormat.Size]));
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(buffer, new float[8], new byte[36]));
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(buffer, new byte[15], new float[8], new byte[EncryptedVectorFormat.Size]));
    }

    [Fact]
    public void Invalid_key_parameters_are_rejected()
    {
        byte[] secret = new byte[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, VectaXKey.MaxDimension + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, 8, beta: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, 8, beta: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, 8, scale: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.FromSecret(secret, 1, 8, (TransformKind)9));
        Assert.Throws<ArgumentException>(() => VectaXKey.FromSecret(new byte[31], 1, 8));
    }

    [Fact]
    public void A_disposed_cipher_refuses_work()
    {
        VectorCipher cipher = Cipher();
        cipher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cipher.Encrypt(new float[8]));
    }
}
