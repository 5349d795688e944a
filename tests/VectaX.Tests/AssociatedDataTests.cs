namespace VectaX.Tests;

/// <summary>The tag covers the associated data: a ciphertext opens only with the binding it was made with.</summary>
public class AssociatedDataTests
{
    private const int D = 24;

    public static TheoryData<string, ulong, ulong> OtherBindings() => new()
    {
        { "docs", 6, 1 },   // another point
        { "doc", 5, 1 },    // another collection
        { "docsx", 5, 1 },
        { "docs", 5, 2 },   // another revision
    };

    [Theory]
    [MemberData(nameof(OtherBindings))]
    public void A_ciphertext_does_not_open_under_another_binding(string collection, ulong id, ulong revision)
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Unit(new Random(1110), D);
        byte[] bound = new RecordBinding("docs", 5, 1).ToBytes();
        EncryptedVector encrypted = cipher.Encrypt(v, bound);

        Assert.True(TestData.Distance(v, cipher.Decrypt(encrypted, bound)) < 1e-5);
        byte[] other = new RecordBinding(collection, id, revision).ToBytes();
        Assert.False(cipher.Verify(encrypted.Ciphertext, encrypted.Metadata, other));
        Assert.Throws<AuthenticationFailedException>(() => cipher.Decrypt(encrypted, other));
    }

    [Fact]
    public void Empty_and_bound_ciphertexts_do_not_open_as_each_other()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Unit(new Random(1111), D);
        byte[] bound = new RecordBinding("docs", 0, 0).ToBytes();

        EncryptedVector plain = cipher.Encrypt(v);
        Assert.True(cipher.Verify(plain.Ciphertext, plain.Metadata));
        Assert.False(cipher.Verify(plain.Ciphertext, plain.Metadata, bound));
        EncryptedVector tied = cipher.Encrypt(v, bound);
        Assert.False(cipher.Verify(tied.Ciphertext, tied.Metadata));
    }

    [Fact]
    public void The_binding_encoding_is_length_prefixed_and_fixed()
    {
        Assert.Equal("0104006461746105000000000000000900000000000000", Convert.ToHexStringLower(new RecordBinding("data", 5, 9).ToBytes()));
        Assert.Throws<ArgumentException>(() => new RecordBinding(new string('x', ushort.MaxValue + 1), 1, 1).ToBytes());
    }

    [Fact]
    public void Collection_names_that_are_not_valid_Unicode_are_refused_rather_than_encoded_alike()
    {
        // A lone surrogate would become U+FFFD, so "a\uD800" and "a\uDC00" (two names to a store) would bind alike.
        Assert.Throws<ArgumentException>(() => new RecordBinding("a\uD800", 1, 1).ToBytes());
        Assert.Throws<ArgumentException>(() => new RecordBinding("a\uDC00", 1, 1).ToBytes());
        Assert.Equal(1 + 2 + 5 + 16, new RecordBinding("a\U0001F600", 1, 1).ToBytes().Length);
    }

    [Theory]
    [InlineData(TransformRevision.Original)]
    [InlineData(TransformRevision.SingleGather)]
    [InlineData(TransformRevision.SplitHadamard)]
    public void Span_encryption_and_decryption_with_a_binding_allocate_nothing(TransformRevision revision)
    {
        int d = revision == TransformRevision.SplitHadamard ? 2 * D : D;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast, revision: revision);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Unit(new Random(1112), d), c = new float[d], back = new float[d];
        byte[] m = new byte[EncryptedVectorFormat.Size];
        byte[] bound = new RecordBinding("docs", 5, 1).ToBytes();
        cipher.Encrypt(v, c, m, bound);
        cipher.Decrypt(c, m, back, bound);

        // The IV generator's reseed (once per 16 MiB of IVs, process-wide) allocates a new key; other tests drawing IVs
        // may leave it due inside this loop, so a measurement that saw a reseed is taken again.
        long allocated;
        int attempts = 0;
        bool reseeded;
        do
        {
            long generation = SecretRandom.Generation;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                cipher.Encrypt(v, c, m, bound);
                cipher.Decrypt(c, m, back, bound);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            reseeded = SecretRandom.Generation != generation;
        }
        while (reseeded && ++attempts < 3);

        Assert.False(reseeded, "the IV generator reseeded during every measurement");
        Assert.Equal(0, allocated);
    }
}
