using System.Security.Cryptography;
using System.Text;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests;

/// <summary>A careless caller: no noise, a password as a key, a dimension the dense transform cannot hold, absurd blobs.</summary>
public class MisuseTests
{
    [Fact]
    public void Beta_below_the_floor_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, beta: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, beta: VectaXKey.MinimumBeta / 2));
        using VectaXKey floor = VectaXKey.Generate(16, beta: VectaXKey.MinimumBeta);
    }

    [Fact]
    public void Beta_below_the_floor_is_accepted_when_asked_for_and_survives_a_key_file()
    {
        using VectaXKey key = VectaXKey.Generate(16, beta: 0f, allowWeakNoise: true);
        using VectaXKey back = VectaXKey.Import(key.Export());
        Assert.Equal(0f, back.Beta);
    }

    [Fact]
    public void A_scale_so_small_that_the_noise_and_the_ciphertext_underflow_is_refused()
    {
        // At s = 1e-44 the noise radius s*beta/4 rounds to 0 (no noise, past the beta floor) and s*Q*v is subnormal:
        // a vector came back 15 % off with its tag intact.
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, scale: 1e-44f));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, scale: VectaXKey.MinimumScale / 2));
        using VectaXKey floor = VectaXKey.Generate(16, scale: VectaXKey.MinimumScale);
        using var cipher = new VectorCipher(floor);
        float[] v = TestData.Unit(new Random(1301), 16);
        Assert.True(TestData.Distance(v, cipher.Decrypt(cipher.Encrypt(v))) < 1e-5);
    }

    [Fact]
    public void A_short_secret_string_is_refused() =>
        Assert.Throws<ArgumentException>(() => VectaXKey.FromSecretString("hunter2", 1, 16));

    [Fact]
    public void A_secret_string_is_stretched_with_PBKDF2_SHA256_salted_by_the_key_id()
    {
        const string Passphrase = "correct horse battery staple";
        using VectaXKey key = VectaXKey.FromSecretString(Passphrase, 9, 16);
        byte[] salt = [.. "VectaX/v2/secret-string"u8, 9, 0, 0, 0];
        byte[] expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Passphrase), salt, VectaXKey.SecretStringIterations, HashAlgorithmName.SHA256, VectaXKey.SecretSize);
        Assert.Equal(expected, key.Export()[24..56]);
        Assert.True(VectaXKey.SecretStringIterations >= 600_000);

        using VectaXKey other = VectaXKey.FromSecretString(Passphrase, 10, 16);
        Assert.NotEqual(key.Export()[24..56], other.Export()[24..56]);
    }

    [Fact]
    public void The_dense_transform_refuses_a_dimension_its_matrices_cannot_hold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(46_341, TransformKind.Dense));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(VectaXKey.MaxDenseDimension + 1, TransformKind.Dense));
        using VectaXKey fast = VectaXKey.Generate(VectaXKey.MaxDimension, TransformKind.Fast);

        byte[] blob = fast.Export();
        blob[4] = (byte)TransformKind.Dense;
        SHA256.HashData(blob.AsSpan(0, 56))[..8].CopyTo(blob.AsSpan(56));
        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(blob));
    }

    [Fact]
    public void A_huge_file_given_as_a_key_is_refused_without_being_read()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-huge-{Guid.NewGuid():N}.key");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew))
            {
                file.SetLength(4L << 30); // sparse: no disk is used
            }

            Assert.Throws<MalformedDataException>(() => VectaXKey.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_truncation_and_byte_flip_of_a_key_metadata_or_user_key_blob_is_malformed_or_refused()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"));
        using VectaXKey key = VectaXKey.Generate(8);
        using var cipher = new VectorCipher(key);
        (string Name, byte[] Blob, Action<byte[]> Read)[] formats =
        [
            ("key", key.Export(), b => VectaXKey.Import(b).Dispose()),
            ("metadata", cipher.Encrypt(new float[8]).Metadata, b => EncryptedVectorFormat.ReadKeyId(b)),
            ("user key", Convert.FromBase64String(user.ToBase64()), b => UserKey.FromBase64(Convert.ToBase64String(b)).Dispose()),
        ];
        var random = new Random(1108);
        foreach ((string name, byte[] blob, Action<byte[]> read) in formats)
        {
            for (int length = 0; length < blob.Length; length++)
            {
                Assert.Throws<MalformedDataException>(() => read(blob[..length]));
            }

            // Metadata bytes past the version are key id, IV and tag: authentication checks those, not parsing.
            for (int trial = 0; trial < 2000 && name != "metadata"; trial++)
            {
                byte[] bad = (byte[])blob.Clone();
                bad[random.Next(bad.Length)] ^= (byte)random.Next(1, 256);
                Assert.Throws<MalformedDataException>(() => read(bad));
            }

            byte[] longer = [.. blob, .. new byte[1 << 20]];
            Assert.Throws<MalformedDataException>(() => read(longer));
        }
    }
}
