using VectaX.Rbac;
using VectaX.Tests.Cli;

namespace VectaX.Tests.Rbac;

/// <summary>The authority file: what the library saves it loads, and the CLI's file is the same file.</summary>
public sealed class AuthorityFileTests : TempFolderTest
{
    [Fact]
    public void A_saved_authority_loads_back_and_opens_what_the_original_sealed()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority original = RbacAuthority.Create(vocabulary, epoch: 3);
        SealedRecord record = original.Seal(RbacFixture.Set(vocabulary, "roles=analyst"), [1f, 2f], "text"u8);
        SecretFile.Write(Path("a.json"), original);

        using RbacAuthority loaded = SecretFile.ReadAuthority(Path("a.json"));
        using UserKey user = loaded.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));

        Assert.Equal((original.Id, 3u, vocabulary.ToString()), (loaded.Id, loaded.Epoch, loaded.Vocabulary.ToString()));
        Assert.Equal(new[] { 1f, 2f }, user.Open(record).Vector);
        Assert.Throws<IOException>(() => SecretFile.Write(Path("a.json"), original));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path("a.json")));
        }
    }

    [Fact]
    public void The_cli_authority_file_is_the_library_file()
    {
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", "roles=a,b", "--epoch", "2", "--out", Path("cli.json")));
        using RbacAuthority loaded = SecretFile.ReadAuthority(Path("cli.json"));
        Assert.Equal(2u, loaded.Epoch);
        SecretFile.Write(Path("lib.json"), loaded);
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out string issued, out _, "rbac", "issue", "--authority", Path("lib.json"), "--attributes", "roles=a", "--out", Path("u.key")));
        Assert.Contains($"authority={loaded.Id}", issued);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"Vocabulary\": \"roles=a\", \"Epoch\": 1}")]
    [InlineData("{\"Vocabulary\": \"roles=a\", \"Epoch\": 1, \"Secret\": \"!!\"}")]
    [InlineData("{\"Vocabulary\": \"roles=a\", \"Epoch\": 1, \"Secret\": \"AAAA\"}")]
    [InlineData("{\"Vocabulary\": \"\", \"Epoch\": 1, \"Secret\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}")]
    public void Anything_else_is_malformed(string content)
    {
        File.WriteAllText(Path("bad.json"), content);
        Assert.Contains("is not an authority file", Assert.Throws<MalformedDataException>(() => SecretFile.ReadAuthority(Path("bad.json"))).Message);
    }
}
