namespace VectaX.Tests;

/// <summary>Keys: serialisation, files, secrets kept out of text, derivation.</summary>
public class KeyTests
{
    [Fact]
    public void Export_import_round_trips_and_decrypts()
    {
        using VectaXKey key = VectaXKey.Generate(32, TransformKind.Dense, beta: 0.2f, scale: 3f);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(TestData.Gaussian(new Random(51), 32));

        using VectaXKey back = VectaXKey.FromBase64(key.ToBase64());
        Assert.Equal((key.KeyId, key.Dimension, key.Transform, key.Scale, key.Beta), (back.KeyId, back.Dimension, back.Transform, back.Scale, back.Beta));
        using var again = new VectorCipher(back);
        Assert.Equal(cipher.Decrypt(e), again.Decrypt(e));
    }

    [Fact]
    public void Corrupted_truncated_or_foreign_keys_are_malformed()
    {
        using VectaXKey key = VectaXKey.Generate(16);
        byte[] blob = key.Export();
        for (int i = 0; i < blob.Length; i++)
        {
            byte[] bad = (byte[])blob.Clone();
            bad[i] ^= 0x10;
            Assert.Throws<MalformedDataException>(() => VectaXKey.Import(bad));
        }

        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(blob[..63]));
        Assert.Throws<MalformedDataException>(() => VectaXKey.FromBase64("%%%"));
    }

    [Fact]
    public void Key_files_are_owner_only_and_not_overwritten_by_default()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-{Guid.NewGuid():N}.key");
        try
        {
            using VectaXKey key = VectaXKey.Generate(16);
            key.Save(path);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            using VectaXKey other = VectaXKey.Generate(16);
            byte[] first = File.ReadAllBytes(path);
            Assert.Throws<IOException>(() => other.Save(path));
            Assert.Equal(first, File.ReadAllBytes(path));
            other.Save(path, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            using VectaXKey loaded = VectaXKey.Load(path);
            Assert.Equal(other.KeyId, loaded.KeyId);
            // Written beside the key and renamed over it: no temporary is left behind.
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Text_never_shows_the_secret()
    {
        using VectaXKey key = VectaXKey.Generate(16, keyId: 5);
        using var cipher = new VectorCipher(key);
        string secretHex = Convert.ToHexString(key.Export()[24..56]);
        string secretB64 = Convert.ToBase64String(key.Export()[24..56]);
        foreach (string text in new[] { key.ToString(), cipher.ToString() })
        {
            Assert.Contains("id=5", text);
            Assert.DoesNotContain(secretHex, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secretB64, text);
        }
    }

    [Fact]
    public void Secret_strings_derive_the_same_key_every_time_and_distinct_keys_otherwise()
    {
        using VectaXKey a = VectaXKey.FromSecretString("correct horse battery staple 8f2a", 1, 16);
        using VectaXKey b = VectaXKey.FromSecretString("correct horse battery staple 8f2a", 1, 16);
        using VectaXKey c = VectaXKey.FromSecretString("correct horse battery staple 8f2b", 1, 16);
        Assert.Equal(a.Export(), b.Export());
        Assert.NotEqual(a.Export()[24..56], c.Export()[24..56]);
    }

    [Fact]
    public void Disposing_a_key_zeroes_it()
    {
        VectaXKey key = VectaXKey.Generate(16);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Export());
    }
}
