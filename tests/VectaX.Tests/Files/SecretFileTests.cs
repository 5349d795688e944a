using VectaX.Rbac;
using VectaX.Tests.Cli;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Files;

/// <summary>The secret envelope and its files: each damage gets the typed fault that names it, and files are owner-only, atomic and bounded.</summary>
public sealed class SecretFileTests : TempFolderTest
{
    private static readonly byte[] s_magic = "TST"u8.ToArray();

    [Fact]
    public void An_envelope_opens_to_its_body_and_every_single_bit_flip_names_its_fault()
    {
        byte[] body = [.. Enumerable.Range(0, 40).Select(i => (byte)(i * 7))];
        byte[] sealedBlob = SecretEnvelope.Seal(s_magic, 3, body);
        Assert.Equal(SecretEnvelope.HeaderSize + body.Length + SecretEnvelope.ChecksumSize, sealedBlob.Length);
        Assert.Equal(body, SecretEnvelope.Open(sealedBlob, s_magic, 3, "test").ToArray());

        for (int bit = 0; bit < sealedBlob.Length * 8; bit++)
        {
            byte[] flipped = (byte[])sealedBlob.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            EnvelopeFault expected = (bit / 8) switch
            {
                < 3 => EnvelopeFault.WrongKind,
                3 => EnvelopeFault.UnsupportedVersion,
                _ => EnvelopeFault.ChecksumMismatch,
            };
            Assert.Equal(expected, Assert.Throws<MalformedDataException>(() => SecretEnvelope.Open(flipped, s_magic, 3, "test")).Fault);
        }
    }

    [Fact]
    public void Every_truncation_and_extension_is_refused()
    {
        byte[] sealedBlob = SecretEnvelope.Seal(s_magic, 1, "body bytes"u8);
        for (int length = 0; length < sealedBlob.Length; length++)
        {
            EnvelopeFault fault = Assert.Throws<MalformedDataException>(() => SecretEnvelope.Open(sealedBlob.AsSpan(0, length), s_magic, 1, "test")).Fault;
            Assert.Equal(length < SecretEnvelope.HeaderSize + SecretEnvelope.ChecksumSize ? EnvelopeFault.Truncated : EnvelopeFault.ChecksumMismatch, fault);
        }

        Assert.Equal(EnvelopeFault.ChecksumMismatch, Assert.Throws<MalformedDataException>(() => SecretEnvelope.Open([.. sealedBlob, 0], s_magic, 1, "test")).Fault);
        Assert.Throws<ArgumentException>(() => SecretEnvelope.Seal("TOOLONG"u8, 1, []));
    }

    [Fact]
    public void A_secret_given_as_another_kind_is_the_wrong_kind()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        using VectaXKey key = TestData.Key(8, TransformKind.Fast);
        SecretFile.Write(Path("a"), authority);
        SecretFile.Write(Path("u"), user);
        SecretFile.Write(Path("k"), key);

        Assert.Equal(EnvelopeFault.WrongKind, Assert.Throws<MalformedDataException>(() => SecretFile.ReadAuthority(Path("u"))).Fault);
        Assert.Equal(EnvelopeFault.WrongKind, Assert.Throws<MalformedDataException>(() => SecretFile.ReadUserKey(Path("a"))).Fault);
        Assert.Equal(EnvelopeFault.WrongKind, Assert.Throws<MalformedDataException>(() => SecretFile.ReadUserKey(Path("k"))).Fault);
        Assert.Equal(EnvelopeFault.Truncated, Assert.Throws<MalformedDataException>(() => SecretFile.ReadKey(Path("u"))).Fault);

        // An authority in base64 text, where a user key in the older base64 form is expected, is still the wrong kind.
        File.WriteAllText(Path("a.b64"), Convert.ToBase64String(authority.Export()));
        Assert.Equal(EnvelopeFault.WrongKind, Assert.Throws<MalformedDataException>(() => SecretFile.ReadUserKey(Path("a.b64"))).Fault);
    }

    [Fact]
    public void Secret_files_are_owner_only_never_replaced_unasked_and_read_back()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary, epoch: 4);
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        SecretFile.Write(Path("a"), authority);
        SecretFile.Write(Path("u"), user);
        Assert.Equal(authority.Export(), File.ReadAllBytes(Path("a")));

        Assert.Throws<IOException>(() => SecretFile.Write(Path("a"), authority));
        Assert.Throws<IOException>(() => SecretFile.Write(Path("u"), user));
        using RbacAuthority next = authority.AtEpoch(5);
        SecretFile.Write(Path("a"), next, overwrite: true);
        using RbacAuthority loaded = SecretFile.ReadAuthority(Path("a"));
        using UserKey userBack = SecretFile.ReadUserKey(Path("u"));
        Assert.Equal((authority.Id, 5u), (loaded.Id, loaded.Epoch));
        Assert.Equal(user.Export(), userBack.Export());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path("a")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path("u")));
        }
    }

    [Fact]
    public void An_oversized_secret_file_is_refused_before_it_is_read()
    {
        using (FileStream file = File.Create(Path("huge")))
        {
            file.SetLength(SecretFile.MaxBytes + 1L); // sparse: nothing is written
        }

        Assert.Contains("more than a secret file may", Assert.Throws<MalformedDataException>(() => SecretFile.ReadAuthority(Path("huge"))).Message);
        Assert.Throws<MalformedDataException>(() => SecretFile.ReadUserKey(Path("huge")));
        Assert.Throws<MalformedDataException>(() => SecretFile.ReadKey(Path("huge")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("@@@@")]
    [InlineData("VlhVAg==")]
    public void A_user_key_file_that_is_neither_form_is_malformed(string content)
    {
        File.WriteAllText(Path("u"), content);
        Assert.Throws<MalformedDataException>(() => SecretFile.ReadUserKey(Path("u")));
    }
}
