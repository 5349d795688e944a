using VectaX.Rbac;
using VectaX.Tests.Cli;

namespace VectaX.Tests.Files;

/// <summary>
/// Files the vectax CLI of 533e47d wrote (Legacy/make.sh made them): the files library reads its secrets, opens and
/// decrypts with them, and writes the vector and metadata formats byte for byte as it did.
/// </summary>
public sealed class LegacyFileTests : TempFolderTest
{
    private static string Legacy(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Files", "Legacy", name);

    [Fact]
    public void The_old_key_file_reads_and_writes_back_byte_for_byte()
    {
        using VectaXKey key = SecretFile.ReadKey(Legacy("key.vxk"));
        Assert.Equal((7u, 8), (key.KeyId, key.Dimension));

        SecretFile.Write(Path("again.vxk"), key);
        Assert.Equal(File.ReadAllBytes(Legacy("key.vxk")), File.ReadAllBytes(Path("again.vxk")));
    }

    [Fact]
    public void The_old_json_authority_and_base64_user_key_read_and_open_what_each_other_seals()
    {
        using RbacAuthority authority = SecretFile.ReadAuthority(Legacy("authority.json"));
        using UserKey user = SecretFile.ReadUserKey(Legacy("user.key"));
        Assert.Equal(("dd486b9bcb3ccadc", 1u), (authority.Id, authority.Epoch));
        Assert.Equal((authority.Id, "roles=analyst;departments=finance"), (user.AuthorityId, user.Attributes));

        SealedRecord record = authority.Seal(AttributeSetText.Parse(authority.Vocabulary, "departments=finance"), [1f, 2f], "text"u8);
        Assert.Equal(new[] { 1f, 2f }, user.Open(record).Vector);
        SealedRecord denied = authority.Seal(AttributeSetText.Parse(authority.Vocabulary, "departments=research"), [1f, 2f], "text"u8);
        Assert.Throws<AccessDeniedException>(() => user.Open(denied));
    }

    [Fact]
    public void Old_secrets_rewritten_as_envelopes_are_the_same_secrets()
    {
        using RbacAuthority authority = SecretFile.ReadAuthority(Legacy("authority.json"));
        using UserKey user = SecretFile.ReadUserKey(Legacy("user.key"));
        SecretFile.Write(Path("a.vxa"), authority);
        SecretFile.Write(Path("u.vxu"), user);

        using RbacAuthority authorityBack = SecretFile.ReadAuthority(Path("a.vxa"));
        using UserKey userBack = SecretFile.ReadUserKey(Path("u.vxu"));
        Assert.Equal(authority.ExportSecret(), authorityBack.ExportSecret());
        Assert.Equal((authority.Id, authority.Epoch, authority.Vocabulary.ToString()), (authorityBack.Id, authorityBack.Epoch, authorityBack.Vocabulary.ToString()));
        Assert.Equal(user.Export(), userBack.Export());
        Assert.Equal("VXA\x01"u8.ToArray(), File.ReadAllBytes(Path("a.vxa"))[..4]);
        Assert.Equal("VXU\x02"u8.ToArray(), File.ReadAllBytes(Path("u.vxu"))[..4]);
    }

    [Fact]
    public void The_old_secrets_ingest_and_search_as_the_old_cli_did()
    {
        // Records are sealed anew (headers of version 3, as in the old store, are no longer read): with the old key and
        // JSON authority, they are found by the old base64 user key exactly as the old CLI found its own.
        Ingest(Path("store.vxs"));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out string output, out string error, "search", "--user-key", Legacy("user.key"), "--query", Legacy("vectors.jsonl"), "-k", "2", "--store", Path("store.vxs")));
        Assert.Equal(File.ReadAllText(Legacy("search.txt")), output);
        Assert.Equal("", error);
    }

    [Fact]
    public void The_old_store_is_refused_record_by_record_for_its_header_version()
    {
        File.Copy(Legacy("store.vxs"), Path("store.vxs"));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out string output, out _, "search", "--user-key", Legacy("user.key"), "--query", Legacy("vectors.jsonl"), "-k", "2", "--store", Path("store.vxs")));
        Assert.Contains("query 0: 0 results", output);
        Assert.Contains("RBAC header version 3 is no longer read", output);
    }

    [Fact]
    public void Revoking_with_the_old_json_authority_rewrites_it_as_an_envelope_at_the_next_epoch()
    {
        Ingest(Path("store.vxs"));
        File.Copy(Legacy("authority.json"), Path("authority.json"));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out string revoked, out string error, "rbac", "revoke", "--authority", Path("authority.json"), "--store", Path("store.vxs")));
        Assert.Contains("epoch 1 -> 2", revoked);
        Assert.Equal("", error);

        Assert.Equal("VXA\x01"u8.ToArray(), File.ReadAllBytes(Path("authority.json"))[..4]);
        using RbacAuthority advanced = SecretFile.ReadAuthority(Path("authority.json"));
        Assert.Equal(("dd486b9bcb3ccadc", 2u), (advanced.Id, advanced.Epoch));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out string stale, out _, "search", "--user-key", Legacy("user.key"), "--query", Legacy("vectors.jsonl"), "-k", "2", "--store", Path("store.vxs")));
        Assert.Contains(": 0 results", stale);
    }

    private static void Ingest(string store) =>
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out _, "ingest", "--key", Legacy("key.vxk"), "--in", Legacy("vectors.jsonl"), "--authority", Legacy("authority.json"), "--policy", "departments=finance", "--store", store, "--start-id", "1"));

    [Theory]
    [InlineData("enc.npy", "meta.npy.jsonl", "dec.npy")]
    [InlineData("enc.fvecs", "meta.fvecs.jsonl", "dec.fvecs")]
    [InlineData("enc.npy", "meta.npy.jsonl", "dec.jsonl")]
    public void Old_ciphertexts_decrypt_to_the_very_bytes_the_old_cli_wrote(string ciphertexts, string metadata, string decrypted)
    {
        string output = Path("back" + System.IO.Path.GetExtension(decrypted));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out string error, "decrypt", "--key", Legacy("key.vxk"), "--in", Legacy(ciphertexts), "--meta", Legacy(metadata), "--out", output));
        Assert.Equal("", error);
        Assert.Equal(File.ReadAllBytes(Legacy(decrypted)), File.ReadAllBytes(output));
    }

    [Theory]
    [InlineData("dec.npy")]
    [InlineData("dec.fvecs")]
    [InlineData("dec.jsonl")]
    [InlineData("enc.npy")]
    public void Vector_files_read_and_write_back_byte_for_byte(string name)
    {
        string copy = Path("copy" + System.IO.Path.GetExtension(name));
        VectorFile.Write(copy, VectorFile.Read(Legacy(name)));
        Assert.Equal(File.ReadAllBytes(Legacy(name)), File.ReadAllBytes(copy));
    }

    [Theory]
    [InlineData("meta.npy.jsonl")]
    [InlineData("meta.fvecs.jsonl")]
    public void Metadata_reads_and_writes_back_byte_for_byte(string name)
    {
        byte[] metadata = new byte[3 * EncryptedVectorFormat.Size];
        using (var reader = new MetadataFile.Reader(Legacy(name), rows: 3))
        {
            reader.Read(metadata);
        }

        using (var writer = new MetadataFile.Writer(Path("meta.jsonl")))
        {
            writer.Write(metadata);
            writer.Commit();
        }

        Assert.Equal(File.ReadAllBytes(Legacy(name)), File.ReadAllBytes(Path("meta.jsonl")));
    }
}
