using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>One file named by two options of a command is refused before anything is written, however the path is spelt.</summary>
public sealed class SameFileTests : TempFolderTest
{
    [Fact]
    public void Encrypt_refuses_the_same_file_as_output_and_metadata()
    {
        string key = Keygen();
        VectorFile.Write(Path("q.jsonl"), [[1, 2, 3, 4]]);

        Assert.Equal(1, Run(out _, out string error, "encrypt", "--key", key, "--in", Path("q.jsonl"), "--out", Path("o.jsonl"), "--meta", Path("o.jsonl")));
        Assert.Equal($"vectax: --out and --meta name the same file, {Path("o.jsonl")}: give each its own file.", error.Trim());
        Assert.False(File.Exists(Path("o.jsonl")));
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("parent")]
    [InlineData("symlink")]
    [InlineData("linked folder")]
    public void Encrypt_refuses_to_write_over_its_input_however_the_path_is_spelt(string spelling)
    {
        string key = Keygen();
        VectorFile.Write(Path("q.jsonl"), [[1, 2, 3, 4]]);
        Directory.CreateDirectory(Path("sub"));
        string output = spelling switch
        {
            "dot" => Folder + "/./q.jsonl",
            "parent" => Folder + "/sub/../q.jsonl",
            "symlink" => File.CreateSymbolicLink(Path("link.jsonl"), Path("q.jsonl")).FullName,
            _ => Directory.CreateSymbolicLink(Path("alias"), Folder).FullName + "/q.jsonl",
        };
        byte[] before = File.ReadAllBytes(Path("q.jsonl"));

        Assert.Equal(1, Run(out _, out string error, "encrypt", "--key", key, "--in", Path("q.jsonl"), "--out", output, "--meta", Path("m.jsonl")));
        Assert.StartsWith("vectax: --in and --out name the same file", error);
        Assert.Equal(before, File.ReadAllBytes(Path("q.jsonl")));
        Assert.False(File.Exists(Path("m.jsonl")));
    }

    [Fact]
    public void An_output_named_through_a_symbolic_link_is_written_through_it()
    {
        string key = Keygen();
        VectorFile.Write(Path("q.jsonl"), [[1, 2, 3, 4]]);
        Directory.CreateDirectory(Path("out"));
        File.WriteAllText(Path("out/c.jsonl"), "old");
        File.CreateSymbolicLink(Path("current.jsonl"), "out/c.jsonl");

        Assert.Equal(0, Run(out _, out _, "encrypt", "--key", key, "--in", Path("q.jsonl"), "--out", Path("current.jsonl"), "--meta", Path("m.jsonl")));

        Assert.Equal("out/c.jsonl", new FileInfo(Path("current.jsonl")).LinkTarget);
        Assert.NotEqual("old", File.ReadAllText(Path("out/c.jsonl")));
        Assert.Empty(Directory.GetFiles(Path("out"), "*.partial"));
    }

    [Fact]
    public void A_store_named_through_a_symbolic_link_shares_the_lock_of_its_target()
    {
        string key = Keygen();
        VectorFile.Write(Path("a.jsonl"), [[1, 0, 0, 0]]);
        Directory.CreateDirectory(Path("stores"));
        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", Path("stores/real.vxs")));
        File.CreateSymbolicLink(Path("current.vxs"), "stores/real.vxs");

        // A writer through the target holds the lock; a second through the link would save over its records.
        using (new FileStream(Path("stores/real.vxs.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal(1, Run(out _, out string busy, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", Path("current.vxs")));
            Assert.Contains("open for writing by another process", busy);
        }
    }

    [Fact]
    public void Every_command_compares_its_file_options()
    {
        string key = Keygen();
        VectorFile.Write(Path("v.jsonl"), [[1, 2, 3, 4]]);
        Assert.Equal(0, Run(out _, out _, "encrypt", "--key", key, "--in", Path("v.jsonl"), "--out", Path("c.jsonl"), "--meta", Path("m.jsonl")));
        byte[] keyBytes = File.ReadAllBytes(key);
        string[][] commands =
        [
            ["decrypt", "--key", key, "--in", Path("c.jsonl"), "--meta", Path("m.jsonl"), "--out", Path("m.jsonl")],
            ["decrypt", "--key", key, "--in", Path("c.jsonl"), "--meta", Path("m.jsonl"), "--out", key],
            ["ingest", "--key", key, "--in", Path("v.jsonl"), "--store", key],
            ["search", "--key", key, "--query", Path("v.jsonl"), "--store", Path("v.jsonl")],
            ["rotate", "--key", key, "--old-key", key, "--store", Path("s.vxs")],
            ["embed", "--in", Path("t.txt"), "--out", Path("t.txt")],
        ];
        File.WriteAllText(Path("t.txt"), "a text\n");
        foreach (string[] command in commands)
        {
            Assert.True(Run(out _, out string error, command) == 1, string.Join(' ', command));
            Assert.Contains("name the same file", error);
        }

        Assert.Equal(keyBytes, File.ReadAllBytes(key));
        Assert.Equal("a text\n", File.ReadAllText(Path("t.txt")));
    }

    private string Keygen()
    {
        Run(out _, out _, "keygen", "--dim", "4", "--out", Path("k.key"));
        return Path("k.key");
    }

    private static int Run(out string output, out string error, params string[] args) => Cli.Run(out output, out error, args);
}
