namespace VectaX.Tests;

/// <summary>Any single-bit change of ciphertext, IV, tag, key id or version is rejected with a typed error.</summary>
public class TamperTests
{
    [Theory]
    [InlineData(TransformKind.Fast, 24)]
    [InlineData(TransformKind.Dense, 24)]
    [InlineData(TransformKind.Fast, 1)]
    public void Every_single_bit_flip_is_rejected(TransformKind kind, int d)
    {
        using VectaXKey key = TestData.Key(d, kind);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(TestData.Gaussian(new Random(31), d));
        byte[] cBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Ciphertext.AsSpan()).ToArray();
        int rejected = 0, trials = 0;

        for (int bit = 0; bit < cBytes.Length * 8; bit++)
        {
            byte[] flipped = (byte[])cBytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            float[] c = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(flipped).ToArray();
            trials++;
            rejected += Rejects(cipher, c, e.Metadata) ? 1 : 0;
        }

        for (int bit = 0; bit < e.Metadata.Length * 8; bit++)
        {
            byte[] m = (byte[])e.Metadata.Clone();
            m[bit / 8] ^= (byte)(1 << (bit % 8));
            trials++;
            rejected += Rejects(cipher, e.Ciphertext, m) ? 1 : 0;
        }

        Assert.Equal(trials, rejected);
    }

    [Fact]
    public void Random_bit_flips_at_768_dimensions_are_rejected()
    {
        using VectaXKey key = TestData.Key(768, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        var random = new Random(32);
        EncryptedVector e = cipher.Encrypt(TestData.Unit(random, 768));
        for (int trial = 0; trial < 500; trial++)
        {
            float[] c = (float[])e.Ciphertext.Clone();
            int i = random.Next(c.Length);
            c[i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(c[i]) ^ (1 << random.Next(32)));
            Assert.True(Rejects(cipher, c, e.Metadata));
        }
    }

    [Fact]
    public void The_failures_are_typed_by_what_changed()
    {
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        float[] plain = new float[8];

        byte[] version = (byte[])e.Metadata.Clone();
        version[0] ^= 1;
        Assert.Throws<MalformedDataException>(() => cipher.Decrypt(e.Ciphertext, version, plain));

        byte[] keyId = (byte[])e.Metadata.Clone();
        keyId[1] ^= 1;
        Assert.Equal(6u, Assert.Throws<UnknownKeyException>(() => cipher.Decrypt(e.Ciphertext, keyId, plain)).KeyId);

        byte[] iv = (byte[])e.Metadata.Clone();
        iv[7] ^= 0x80;
        Assert.Throws<AuthenticationFailedException>(() => cipher.Decrypt(e.Ciphertext, iv, plain));
        Assert.All(plain, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Another_key_with_the_same_id_fails_authentication()
    {
        using VectaXKey mine = TestData.Key(16, TransformKind.Fast, seed: 1);
        using VectaXKey theirs = TestData.Key(16, TransformKind.Fast, seed: 2);
        using var a = new VectorCipher(mine);
        using var b = new VectorCipher(theirs);
        EncryptedVector e = a.Encrypt(new float[16]);
        Assert.False(b.Verify(e.Ciphertext, e.Metadata));
        Assert.Throws<AuthenticationFailedException>(() => b.Decrypt(e));
    }

    private static bool Rejects(VectorCipher cipher, float[] c, byte[] metadata)
    {
        bool verified;
        try
        {
            verified = cipher.Verify(c, metadata);
        }
        catch (MalformedDataException)
        {
            verified = false;
        }

        try
        {
            cipher.Decrypt(c, metadata, new float[cipher.Dimension]);
            return false;
        }
        catch (VectaXException)
        {
            return !verified;
        }
    }
}
