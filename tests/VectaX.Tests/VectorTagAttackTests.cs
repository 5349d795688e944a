using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// An attacker's view of the format 3 tag: inputs a looser encoding would run together, sub-keys that a careless
/// schedule would share, the XOR relations that break a nonce-based MAC under a reused or related IV, a genuine
/// format 2 blob presented as either version, and every POLYVAL path giving the cipher's tag over 0..300 blocks.
/// </summary>
public class VectorTagAttackTests
{
    private static readonly string[] s_subKeyLabels = ["transform", "noise", "noise-counter", "tag-prf", "tag"];

    [Fact]
    public void Inputs_a_looser_encoding_would_run_together_all_get_different_tags()
    {
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        using VectorTag tag = TagOf(key, EncryptedVectorFormat.Version);
        float[] c = TestData.Gaussian(new Random(5), 8);
        byte[] head = MemoryMarshal.AsBytes(c.AsSpan(0, 4)).ToArray();
        byte[] twelve = [.. Enumerable.Range(1, 12).Select(i => (byte)i)];
        (byte[] Ad, float[] C)[] inputs =
        [
            ([], []),
            ([0], []),
            (new byte[16], []),
            ([], [0f]),
            ([], c),
            (head, c[4..]),                          // the ciphertext's first block moved into the associated data
            (new byte[16], c),                       // one zero block of associated data before the same ciphertext
            (twelve, c),
            ([.. twelve, 0, 0, 0, 0], c),            // the zero padding written out
            ([], c[..5]),
            ([], [.. c[..5], 0f]),                   // d vs d + 1 with a zero, the same padded block
            ([], [.. c[..5], 0f, 0f, 0f]),
            ([], [.. c[..7], -0f]),
            ([], [.. c[..7], 0f]),
            ([.. head, .. MemoryMarshal.AsBytes(c.AsSpan(4)).ToArray()], []),
        ];

        byte[] iv = new byte[16];
        var tags = new HashSet<string>();
        foreach ((byte[] ad, float[] ciphertext) in inputs)
        {
            byte[] t = new byte[VectorTag.Size];
            tag.Compute(iv, ad, ciphertext, t);
            Assert.True(tags.Add(Convert.ToHexString(t)), $"A collision at associated data {Convert.ToHexString(ad)}, {ciphertext.Length} floats.");
        }
    }

    [Fact]
    public void The_header_binds_the_format_version()
    {
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        float[] c = TestData.Gaussian(new Random(6), 8);
        byte[] iv = new byte[16], t3 = new byte[16], t4 = new byte[16];
        using (VectorTag v3 = TagOf(key, 3))
        {
            v3.Compute(iv, [], c, t3);
        }

        using (VectorTag v4 = TagOf(key, 4))
        {
            v4.Compute(iv, [], c, t4);
        }

        Assert.NotEqual(t3, t4);
    }

    [Fact]
    public void The_hash_key_shares_no_bytes_with_any_other_sub_key_and_every_parameter_changes_both_tag_keys()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        byte[] hashKey = SubKey(key, "tag-hash", 16);
        Assert.Contains(hashKey, b => b != 0);
        var seen = new HashSet<string> { Convert.ToHexString(hashKey) };
        foreach (string label in s_subKeyLabels)
        {
            // HKDF's output is a prefix of a longer one under the same info: H must not be half of another key.
            byte[] subKey = SubKey(key, label, 32);
            Assert.True(seen.Add(Convert.ToHexString(subKey.AsSpan(0, 16))), label);
            Assert.True(seen.Add(Convert.ToHexString(subKey.AsSpan(16))), label);
        }

        byte[] secret = key.Secret.ToArray();
        VectaXKey[] variants =
        [
            VectaXKey.FromSecret(secret, 8, 16, TransformKind.Fast, 0.1f, 1f),
            VectaXKey.FromSecret(secret, 7, 17, TransformKind.Fast, 0.1f, 1f),
            VectaXKey.FromSecret(secret, 7, 16, TransformKind.Dense, 0.1f, 1f),
            VectaXKey.FromSecret(secret, 7, 16, TransformKind.Fast, 0.2f, 1f),
            VectaXKey.FromSecret(secret, 7, 16, TransformKind.Fast, 0.1f, 2f),
        ];
        try
        {
            var hashKeys = new HashSet<string> { Convert.ToHexString(hashKey) };
            var prfKeys = new HashSet<string> { Convert.ToHexString(SubKey(key, "tag-prf", 32)) };
            foreach (VectaXKey variant in variants)
            {
                Assert.True(hashKeys.Add(Convert.ToHexString(SubKey(variant, "tag-hash", 16))));
                Assert.True(prfKeys.Add(Convert.ToHexString(SubKey(variant, "tag-prf", 32))));
            }

            // The same secret and key id with another beta: the ciphertext does not open.
            using var cipher = new VectorCipher(key);
            using var other = new VectorCipher(variants[3]);
            EncryptedVector e = cipher.Encrypt(TestData.Gaussian(new Random(7), 16));
            Assert.Throws<AuthenticationFailedException>(() => other.Decrypt(e));
        }
        finally
        {
            foreach (VectaXKey variant in variants)
            {
                variant.Dispose();
            }
        }
    }

    [Fact]
    public void Tag_differences_carry_over_neither_between_IVs_nor_between_messages()
    {
        // GMAC's t = GHASH(M) ^ E(N) keeps t(N1, M1) ^ t(N1, M2) across nonces; a tag E(S) ^ IV, or an IV fed in
        // linearly, keeps t(IV ^ D, M) ^ t(IV, M) across messages. Either relation lets one tag be turned into another.
        using VectaXKey key = TestData.Key(64, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        var random = new Random(9);
        float[] m1 = TestData.Gaussian(random, 64), m2 = TestData.Gaussian(random, 64);
        byte[] iv = new byte[16];
        random.NextBytes(iv);
        byte[] ivPlusOne = (byte[])iv.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(ivPlusOne.AsSpan(8), BinaryPrimitives.ReadUInt64BigEndian(iv.AsSpan(8)) + 1);
        var related = new List<byte[]> { ivPlusOne };
        foreach (int bit in new[] { 0, 7, 63, 64, 127 })
        {
            byte[] flipped = (byte[])iv.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            related.Add(flipped);
        }

        byte[] sameIv = Xor(Tag(cipher, iv, m1), Tag(cipher, iv, m2));
        foreach (byte[] other in related)
        {
            Assert.NotEqual(sameIv, Xor(Tag(cipher, other, m1), Tag(cipher, other, m2)));
            byte[] shift1 = Xor(Tag(cipher, other, m1), Tag(cipher, iv, m1));
            Assert.NotEqual(shift1, Xor(Tag(cipher, other, m2), Tag(cipher, iv, m2)));
            Assert.NotEqual(Xor(iv, other), shift1);
        }
    }

    [Fact]
    public void A_genuine_format_2_blob_is_refused_as_2_and_fails_as_3_and_a_format_3_blob_relabelled_is_refused()
    {
        // The known answer's vector as the release before format 3 wrote it (KnownAnswerTests' key, IV and binding).
        const string V2Metadata = "0204030201a0a1a2a3a4a5a6a7a8a9aaabacadaeafee944e130baf21a05c9d37206317637e";
        using VectaXKey key = VectaXKey.FromSecret([.. Enumerable.Range(0, 32).Select(i => (byte)i)], 0x01020304, 20, TransformKind.Fast, 0.25f, 2f);
        using var cipher = new VectorCipher(key);
        float[] c = MemoryMarshal.Cast<byte, float>(Convert.FromHexString(KnownAnswers.FastCiphertext)).ToArray();
        byte[] binding = new RecordBinding("kat", 5, 9).ToBytes();
        byte[] v2 = Convert.FromHexString(V2Metadata);

        // Its tag is genuine: HMAC-SHA256 under the "tag" sub-key of version 2 | key parameters | IV | le32(|A|) | A | C.
        byte[] header = new byte[VectorTag.HeaderSize];
        header[0] = 2;
        KeySchedule.KeyParameterBytes(key, header.AsSpan(1));
        byte[] adLength = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(adLength, binding.Length);
        byte[] signed = [.. header, .. v2.AsSpan(5, 16), .. adLength, .. binding, .. MemoryMarshal.AsBytes(c.AsSpan())];
        byte[] hmac = HMACSHA256.HashData(SubKey(key, "tag", 32), signed);
        Assert.Equal(v2.AsSpan(21).ToArray(), hmac.AsSpan(0, 16).ToArray());

        Assert.Contains("version 2", Assert.Throws<MalformedDataException>(() => cipher.Decrypt(c, v2, new float[20], binding)).Message, StringComparison.Ordinal);
        Assert.Throws<MalformedDataException>(() => cipher.Verify(c, v2, binding));
        v2[0] = 3;
        Assert.False(cipher.Verify(c, v2, binding));
        Assert.Throws<AuthenticationFailedException>(() => cipher.Decrypt(c, v2, new float[20], binding));

        byte[] v3 = Convert.FromHexString(KnownAnswers.FastMetadata);
        Assert.True(cipher.Verify(c, v3, binding));
        foreach (byte version in new byte[] { 0, 2, 4, 255 })
        {
            byte[] relabelled = (byte[])v3.Clone();
            relabelled[0] = version;
            Assert.Contains($"version {version}", Assert.Throws<MalformedDataException>(() => cipher.Decrypt(c, relabelled, new float[20], binding)).Message, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PolyvalTests.Paths), MemberType = typeof(PolyvalTests))]
    public void Every_POLYVAL_path_gives_the_cipher_s_tag_over_0_to_300_blocks_and_odd_tails(PolyvalPath path)
    {
        Skip.IfNot(Polyval.IsSupported(path), $"This CPU does not run the {path} POLYVAL path.");
        var random = new Random(300);
        int[] dimensions = [.. Enumerable.Range(1, 40), 61, 62, 63, 64, 65, 127, 128, 129, 130, 255, 256, 257, 383, 384, 385, 767, 768, 769, 1199, 1200];
        foreach (int d in dimensions)
        {
            using VectaXKey key = TestData.Key(d, TransformKind.Fast, seed: (byte)d);
            using var cipher = new VectorCipher(key);
            byte[] associated = new byte[d % 41];
            random.NextBytes(associated);
            float[] c = TestData.Gaussian(random, d, 100f);
            byte[] iv = new byte[16];
            random.NextBytes(iv);
            byte[] metadata = new byte[EncryptedVectorFormat.Size];
            cipher.Finish(iv, associated, c, metadata, null);
            Assert.Equal(Documented(key, path, iv, associated, c), metadata.AsSpan(21).ToArray());
        }
    }

    /// <summary>AES-256_Kp(POLYVAL_H(pad(header) | pad(A) | pad(C) | lengths) xor IV), on the given path and the in-box AES.</summary>
    private static byte[] Documented(VectaXKey key, PolyvalPath path, byte[] iv, byte[] associated, float[] c)
    {
        byte[] header = new byte[32];
        header[0] = EncryptedVectorFormat.Version;
        KeySchedule.KeyParameterBytes(key, header.AsSpan(1));
        byte[] lengths = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)associated.Length * 8);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(8), (ulong)c.Length * 32);
        byte[] input = [.. header, .. Padded(associated), .. Padded(MemoryMarshal.AsBytes(c.AsSpan()).ToArray()), .. lengths];
        using var polyval = new Polyval(SubKey(key, "tag-hash", 16), path);
        byte[] s = new byte[16];
        polyval.Update(s, input);
        using var aes = Aes.Create();
        aes.Key = SubKey(key, "tag-prf", 32);
        return aes.EncryptEcb(Xor(s, iv), PaddingMode.None);
    }

    private static VectorTag TagOf(VectaXKey key, byte version)
    {
        byte[] header = new byte[VectorTag.HeaderSize];
        header[0] = version;
        KeySchedule.KeyParameterBytes(key, header.AsSpan(1));
        return new VectorTag(SubKey(key, "tag-hash", 16), SubKey(key, "tag-prf", 32), header);
    }

    private static byte[] Tag(VectorCipher cipher, byte[] iv, float[] c)
    {
        byte[] metadata = new byte[EncryptedVectorFormat.Size];
        cipher.Finish(iv, default, c, metadata, null);
        return metadata.AsSpan(21).ToArray();
    }

    private static byte[] SubKey(VectaXKey key, string label, int length)
    {
        byte[] subKey = new byte[length];
        KeySchedule.Derive(key.Secret, label, key, subKey);
        return subKey;
    }

    private static byte[] Xor(byte[] a, byte[] b) => [.. a.Zip(b, (x, y) => (byte)(x ^ y))];

    private static byte[] Padded(byte[] data) => [.. data, .. new byte[(16 - (data.Length % 16)) % 16]];
}
