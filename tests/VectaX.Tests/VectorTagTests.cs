using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// The version 3 tag is the documented construction, AES-256_Kp(POLYVAL_H(header, associated data, ciphertext,
/// lengths) xor IV), recomputed here from the in-box AES; it stays unforgeable when a caller reuses an IV (the
/// attack that breaks GMAC); and metadata of the HMAC-tagged version 2 is refused with a typed error.
/// </summary>
public class VectorTagTests
{
    [Theory]
    [InlineData(TransformKind.Fast, 20, 0)]
    [InlineData(TransformKind.Fast, 768, 21)]
    [InlineData(TransformKind.Dense, 7, 33)]
    public void Tag_is_AES_256_of_POLYVAL_xor_IV_over_the_documented_blocks(TransformKind kind, int d, int associatedBytes)
    {
        var random = new Random(d + associatedBytes);
        using VectaXKey key = TestData.Key(d, kind);
        using var cipher = new VectorCipher(key);
        byte[] associated = new byte[associatedBytes];
        random.NextBytes(associated);
        EncryptedVector e = cipher.Encrypt(TestData.Gaussian(random, d), associated);

        byte[] hashKey = new byte[16], prfKey = new byte[32], header = new byte[21];
        KeySchedule.Derive(key.Secret, "tag-hash", key, hashKey);
        KeySchedule.Derive(key.Secret, "tag-prf", key, prfKey);
        header[0] = 3;
        KeySchedule.KeyParameterBytes(key, header.AsSpan(1));
        byte[] lengths = new byte[16];
        BitConverter.TryWriteBytes(lengths.AsSpan(0, 8), (ulong)associatedBytes * 8);
        BitConverter.TryWriteBytes(lengths.AsSpan(8, 8), (ulong)d * 32);
        byte[] input = [.. Padded(header), .. Padded(associated), .. Padded(MemoryMarshal.AsBytes(e.Ciphertext.AsSpan()).ToArray()), .. lengths];

        using var polyval = new Polyval(hashKey, PolyvalPath.Software);
        byte[] s = new byte[16];
        polyval.Update(s, input);
        byte[] iv = e.Metadata.AsSpan(5, 16).ToArray();
        for (int i = 0; i < 16; i++)
        {
            s[i] ^= iv[i];
        }

        using var aes = Aes.Create();
        aes.Key = prfKey;
        Assert.Equal(aes.EncryptEcb(s, PaddingMode.None), e.Metadata.AsSpan(21, 16).ToArray());
    }

    [Fact]
    public void A_reused_IV_does_not_let_tags_be_combined()
    {
        // Under a GMAC tag, three messages under one nonce give a fourth: c1 ^ c2 ^ c3 tagged t1 ^ t2 ^ t3.
        using VectaXKey key = TestData.Key(64, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        var random = new Random(41);
        byte[] iv = new byte[16];
        random.NextBytes(iv);
        var c = new float[3][];
        var m = new byte[3][];
        for (int i = 0; i < 3; i++)
        {
            c[i] = new float[64];
            m[i] = new byte[EncryptedVectorFormat.Size];
            cipher.Encrypt(TestData.Gaussian(random, 64), iv, c[i], m[i]);
        }

        byte[] bytes = new byte[256];
        byte[] forged = (byte[])m[0].Clone();
        for (int i = 0; i < 3; i++)
        {
            byte[] ci = MemoryMarshal.AsBytes(c[i].AsSpan()).ToArray();
            for (int j = 0; j < bytes.Length; j++)
            {
                bytes[j] ^= ci[j];
            }

            if (i > 0)
            {
                for (int j = 21; j < 37; j++)
                {
                    forged[j] ^= m[i][j];
                }
            }
        }

        float[] combined = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        Assert.False(cipher.Verify(combined, forged));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(cipher.Verify(c[i], m[i])));
    }

    [Fact]
    public void Associated_data_differing_only_in_trailing_zeros_does_not_share_a_tag()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(TestData.Gaussian(new Random(3), 16), "ab"u8);
        Assert.True(cipher.Verify(e.Ciphertext, e.Metadata, "ab"u8));
        foreach (byte[] other in new[] { "ab\0"u8.ToArray(), new byte[] { (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "a"u8.ToArray(), [] })
        {
            Assert.False(cipher.Verify(e.Ciphertext, e.Metadata, other));
        }
    }

    [Theory]
    [InlineData(1, "record binding")]
    [InlineData(2, "HMAC-SHA256")]
    public void Older_metadata_versions_are_refused_saying_why(byte version, string reason)
    {
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        e.Metadata[0] = version;
        MalformedDataException error = Assert.Throws<MalformedDataException>(() => cipher.Decrypt(e));
        Assert.Contains($"version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Throws<MalformedDataException>(() => EncryptedVectorFormat.ReadKeyId(e.Metadata));
    }

    private static byte[] Padded(byte[] data) => [.. data, .. new byte[(16 - (data.Length % 16)) % 16]];
}
