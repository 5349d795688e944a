using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>Ordinary mistakes of a first-time user: each gets one line that names the option, the value and the way out.</summary>
public sealed class MistakeTests : TempFolderTest
{
    [Fact]
    public void An_absurd_k_is_one_line_not_a_crash()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("v.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0]]);
        Run(out _, out _, "ingest", "--key", key, "--in", Path("v.jsonl"), "--store", store);

        Assert.Equal(1, Run(out string output, out string error, "search", "--key", key, "--query", Path("v.jsonl"), "--store", store, "-k", "2000000000"));
        Assert.Equal("", output);
        Assert.Equal("vectax: -k 2000000000 is out of range: give 1 to 1000000. (see --help)", error.Trim());
        Assert.Equal(0, Run(out string all, out _, "search", "--key", key, "--query", Path("v.jsonl"), "--store", store, "-k", "1000000"));
        Assert.Contains("query 0: 2 results", all);
    }

    [Fact]
    public void Search_names_a_store_file_that_does_not_exist()
    {
        string key = Path("k.key");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("v.jsonl"), [[1, 0, 0, 0]]);

        Assert.Equal(1, Run(out _, out string error, "search", "--key", key, "--query", Path("v.jsonl"), "--store", Path("missing.vxs")));
        Assert.Equal($"vectax: --store {Path("missing.vxs")}: no such file. ingest creates a store; check the path.", error.Trim());
        Assert.False(File.Exists(Path("missing.vxs")));
        Assert.Equal(1, Run(out _, out string rotate, "rotate", "--key", key, "--old-key", Path("v.jsonl"), "--store", Path("missing.vxs")));
        Assert.Contains("missing.vxs: no such file", rotate);
    }

    [Theory]
    [InlineData("v.npy")]
    [InlineData("v.fvecs")]
    [InlineData("renamed.txt")]
    public void Embed_recognises_vectors_and_binary_files_where_texts_belong(string name)
    {
        VectorFile.Write(Path("v.npy"), [[1, 2, 3, 4], [5, 6, 7, 8]]);
        VectorFile.Write(Path("v.fvecs"), [[1, 2, 3, 4], [5, 6, 7, 8]]);
        File.Copy(Path("v.npy"), Path("renamed.txt"));

        Assert.Equal(1, Run(out _, out string error, "embed", "--in", Path(name), "--out", Path("e.npy")));
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"vectax: --in {Path(name)} ", error);
        Assert.Contains(name.EndsWith(".fvecs", StringComparison.Ordinal) ? "holds vectors (.fvecs)" : "holds vectors (.npy)", error);
        Assert.Contains("not texts: give texts (.txt one a line, or .jsonl); vectors go to encrypt or ingest --in.", error);
        Assert.False(File.Exists(Path("e.npy")));

        File.WriteAllBytes(Path("b.txt"), [0x41, 0x42, 0x00, 0xFF, 0xFE, 0x0A]);
        Assert.Equal(1, Run(out _, out string binary, "embed", "--in", Path("b.txt"), "--out", Path("e.npy")));
        Assert.Equal($"vectax: --in {Path("b.txt")} is a binary file, not UTF-8 text: give texts (.txt one a line, or .jsonl).", binary.Trim());
    }

    [Theory]
    [InlineData("encrypt")]
    [InlineData("ingest")]
    [InlineData("search")]
    [InlineData("embed")]
    public void Empty_input_is_refused_by_every_command_and_writes_nothing(string command)
    {
        string key = Path("k.key");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        File.WriteAllText(Path("empty.jsonl"), "");
        File.WriteAllText(Path("empty.txt"), "\n");
        string[] args = command switch
        {
            "encrypt" => ["encrypt", "--key", key, "--in", Path("empty.jsonl"), "--out", Path("c.jsonl"), "--meta", Path("m.jsonl")],
            "ingest" => ["ingest", "--key", key, "--in", Path("empty.jsonl"), "--store", Path("s.vxs")],
            "search" => ["search", "--key", key, "--query", Path("empty.jsonl"), "--store", Path("k.key")],
            _ => ["embed", "--in", Path("empty.txt"), "--out", Path("e.npy")],
        };
        if (command == "search")
        {
            VectorFile.Write(Path("v.jsonl"), [[1, 0, 0, 0]]);
            Run(out _, out _, "ingest", "--key", key, "--in", Path("v.jsonl"), "--store", Path("s.vxs"));
            args[^1] = Path("s.vxs");
        }

        string[] before = [.. Directory.GetFiles(Folder).Order()];
        Assert.Equal(1, Run(out _, out string error, args));
        Assert.Matches(@"^vectax: --(in|query) .*(holds no|is empty)", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(before, Directory.GetFiles(Folder).Order());
    }

    [Fact]
    public void Messages_carry_no_dotnet_internals()
    {
        Assert.Equal(1, Run(out _, out string dim, "keygen", "--dim", "0", "--out", Path("z.key")));
        Assert.Equal("vectax: --dim 0 is out of range: give 1 to 65536. (see --help)", dim.Trim());
        Assert.Equal(1, Run(out _, out string keyId, "keygen", "--dim", "4", "--key-id", "x", "--out", Path("z.key")));
        Assert.Equal("vectax: --key-id 'x' is not a whole number from 0 to 4294967295. (see --help)", keyId.Trim());
        Assert.Equal(1, Run(out _, out string beta, "keygen", "--dim", "4", "--beta", "NaN", "--out", Path("z.key")));
        Assert.Equal("vectax: --beta 'NaN' is not a finite number: give a number from 0 up. (see --help)", beta.Trim());
        Assert.Equal(1, Run(out _, out string folder, "keygen", "--dim", "4", "--out", "/nonexistent-vectax-folder/a.key"));
        Assert.Equal("vectax: --out /nonexistent-vectax-folder/a.key: the folder /nonexistent-vectax-folder does not exist; create it first.", folder.Trim());
        Run(out _, out _, "keygen", "--dim", "4", "--out", Path("k.key"));
        Assert.Equal(1, Run(out _, out string exists, "keygen", "--dim", "4", "--out", Path("k.key")));
        Assert.Equal($"vectax: --out {Path("k.key")} exists: choose another --out, or pass --force to replace it (replacing a key loses what it protects).", exists.Trim());
        Assert.Equal(0, Directory.GetFiles(Folder, "*.partial").Length + Directory.GetFiles(Folder, ".*").Length);
    }

    private static int Run(out string output, out string error, params string[] args) => Cli.Run(out output, out error, args);
}
