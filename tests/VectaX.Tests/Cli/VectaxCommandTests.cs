using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>The vectax commands run in process on small files, error paths included.</summary>
public sealed class VectaxCommandTests : TempFolderTest
{
    [Theory]
    [InlineData(".npy")]
    [InlineData(".fvecs")]
    [InlineData(".jsonl")]
    public void Keygen_encrypt_decrypt_round_trip_in_every_format(string extension)
    {
        string key = Path("k.key"), vectors = Path("v" + extension), cipher = Path("c" + extension), meta = Path("m.jsonl"), back = Path("b" + extension);
        Assert.Equal(0, Run(out _, out _, "keygen", "--dim", "12", "--out", key, "--key-id", "42"));
        float[][] rows = [.. Enumerable.Range(0, 9).Select(i => TestData.Gaussian(new Random(200 + i), 12))];
        VectorFile.Write(vectors, rows);

        Assert.True(Run(out string said, out string failed, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta) == 0, failed);
        Assert.Contains("encrypted 9 vectors", said);
        Assert.Equal(0, Run(out _, out _, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", back));

        float[][] decrypted = VectorFile.Read(back);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(TestData.Distance(decrypted[i], rows[i]) < 1e-5);
        }

        Assert.Contains("\"key_id\":42", File.ReadAllLines(meta)[0]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public void The_gpu_kernels_encrypt_files_the_cpu_engine_decrypts_and_name_tampered_rows()
    {
        string key = Path("k.key"), vectors = Path("v.npy"), cipher = Path("c.npy"), meta = Path("m.jsonl");
        Run(out _, out _, "keygen", "--dim", "24", "--out", key);
        float[][] rows = [.. Enumerable.Range(0, 40).Select(i => TestData.Gaussian(new Random(240 + i), 24))];
        VectorFile.Write(vectors, rows);

        Assert.Equal(0, Run(out string said, out _, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta, "--device", "ilgpu-cpu"));
        Assert.Contains("on CPUAccelerator", said);
        Assert.Equal(0, Run(out _, out _, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("b.npy")));
        float[][] back = VectorFile.Read(Path("b.npy"));
        Assert.All(Enumerable.Range(0, rows.Length), i => Assert.True(TestData.Distance(back[i], rows[i]) < 1e-4));

        float[][] c = VectorFile.Read(cipher);
        c[33][7] += 0.01f;
        VectorFile.Write(cipher, c);
        Assert.Equal(1, Run(out _, out string error, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("t.npy"), "--device", "ilgpu-cpu"));
        Assert.Equal("vectax: row 33: The ciphertext failed authentication: it was altered or was made under a different key.", error.Trim());
        Assert.Equal(1, Run(out _, out string unknown, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta, "--device", "tpu"));
        Assert.Contains("Unknown device 'tpu'", unknown);
    }

    [Fact]
    public void A_tampered_row_fails_decryption_naming_the_row()
    {
        string key = Path("k.key"), vectors = Path("v.jsonl"), cipher = Path("c.jsonl"), meta = Path("m.jsonl");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(vectors, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
        Run(out _, out _, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta);
        float[][] c = VectorFile.Read(cipher);
        c[1][2] += 0.001f;
        VectorFile.Write(cipher, c);

        Assert.Equal(1, Run(out _, out string error, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("b.jsonl")));
        Assert.StartsWith("vectax: row 1:", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path("b.jsonl")));
    }

    [Fact]
    public void A_cancelled_command_exits_130_and_leaves_no_partial_files()
    {
        string key = Path("k.key");
        Run(out _, out _, "keygen", "--dim", "8", "--out", key);
        float[][] rows = [.. Enumerable.Range(0, 100).Select(i => TestData.Gaussian(new Random(260 + i), 8))];
        VectorFile.Write(Path("v.npy"), rows);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = VectaxCommand.Run(["encrypt", "--key", key, "--in", Path("v.npy"), "--out", Path("c.npy"), "--meta", Path("m.jsonl")], output, error, new CancellationToken(canceled: true));

        Assert.Equal(130, code);
        Assert.Equal("vectax: cancelled.", error.ToString().Trim());
        Assert.Equal(["k.key", "v.npy"], Directory.GetFiles(Folder).Select(System.IO.Path.GetFileName).Order());
        VectorFile.Write(Path("head.npy"), rows[..40]); // an earlier run that stored 40 rows, then stopped
        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("head.npy"), "--store", Path("s.vxs"), "--start-id", "7"));
        using var ingestError = new StringWriter();
        string[] ingest = ["ingest", "--key", key, "--in", Path("v.npy"), "--store", Path("s.vxs"), "--start-id", "7", "--skip", "40"];
        Assert.Equal(130, VectaxCommand.Run(ingest, output, ingestError, new CancellationToken(canceled: true)));
        Assert.Equal("vectax: cancelled. Rows before 40 are stored; rerun with --start-id 7 --skip 40.", ingestError.ToString().Trim());

        Run(out _, out _, "ingest", "--key", key, "--in", Path("v.npy"), "--store", Path("s.vxs"));
        Run(out _, out _, "keygen", "--dim", "8", "--out", Path("n.key"));
        using var rotateError = new StringWriter();
        string[] rotate = ["rotate", "--key", Path("n.key"), "--old-key", key, "--store", Path("s.vxs")];
        Assert.Equal(130, VectaxCommand.Run(rotate, output, rotateError, new CancellationToken(canceled: true)));
        Assert.Equal("vectax: cancelled; rerun with --resume-from (the start).", rotateError.ToString().Trim());
    }

    [Fact]
    public void Bad_input_gets_one_line_and_a_nonzero_exit()
    {
        string key = Path("k.key"), other = Path("o.key");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        Run(out _, out _, "keygen", "--dim", "4", "--out", other);
        VectorFile.Write(Path("v3.jsonl"), [[1, 2, 3]]);
        VectorFile.Write(Path("v4.jsonl"), [[1, 2, 3, 4]]);

        Assert.Equal(1, Run(out _, out string exists, "keygen", "--dim", "4", "--out", key));
        Assert.Contains("vectax:", exists);
        Assert.Equal(0, Run(out _, out _, "keygen", "--dim", "4", "--out", key, "--force"));
        Assert.Equal(1, Run(out _, out string dimension, "encrypt", "--key", key, "--in", Path("v3.jsonl"), "--out", Path("c.jsonl"), "--meta", Path("m.jsonl")));
        Assert.Contains("dimension 3", dimension);
        Assert.Equal(1, Run(out _, out string missing, "encrypt", "--key", key, "--in", Path("nope.npy"), "--out", Path("c.npy"), "--meta", Path("m.jsonl")));
        Assert.DoesNotContain("   at ", missing);
        Run(out _, out _, "encrypt", "--key", key, "--in", Path("v4.jsonl"), "--out", Path("c.jsonl"), "--meta", Path("m.jsonl"));
        Assert.Equal(1, Run(out _, out string wrongKey, "decrypt", "--key", other, "--in", Path("c.jsonl"), "--meta", Path("m.jsonl"), "--out", Path("b.jsonl")));
        Assert.Contains("row 0", wrongKey);
        File.WriteAllText(Path("bad.jsonl"), "[1, 2, \"x\", 4]\n");
        Assert.Equal(1, Run(out _, out string malformed, "encrypt", "--key", key, "--in", Path("bad.jsonl"), "--out", Path("c2.jsonl"), "--meta", Path("m2.jsonl")));
        Assert.Contains("line 1", malformed);
        Assert.Equal(1, Run(out _, out string zero, "keygen", "--dim", "0", "--out", Path("z.key")));
        Assert.Single(zero.Trim().Split('\n')); // the range error's two-line message, folded
        Assert.Equal(1, Run(out string nothing, out string unknown, "keygen", "--dim", "four"));
        Assert.Equal("", nothing);
        Assert.Equal("vectax: --dim 'four' is not a whole number: give 1 to 65536. Option '--out' is required. (see --help)", unknown.Trim());
    }

    [Fact]
    public void Ingest_into_a_store_file_then_search_it()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "16", "--out", key);
        var random = new Random(210);
        float[][] corpus = [.. Enumerable.Range(0, 50).Select(_ => TestData.Unit(random, 16))];
        VectorFile.Write(Path("a.npy"), corpus[..30]);
        VectorFile.Write(Path("b.npy"), corpus[30..]);
        VectorFile.Write(Path("q.jsonl"), [corpus[7], corpus[42]]);

        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("a.npy"), "--store", store));
        Assert.Equal(0, Run(out string second, out _, "ingest", "--key", key, "--in", Path("b.npy"), "--store", store, "--start-id", "30"));
        Assert.Contains("the collection holds 50", second);
        Assert.Equal(0, Run(out string found, out _, "search", "--key", key, "--query", Path("q.jsonl"), "--store", store, "-k", "3"));
        Assert.StartsWith("query 0: 3 results\n   1. #7 distance 0.0000\n", found.ReplaceLineEndings("\n"));
        Assert.Contains("query 1: 3 results\n   1. #42 distance 0.0000\n", found.ReplaceLineEndings("\n"));
        Run(out _, out _, "keygen", "--dim", "16", "--out", Path("other.key"), "--key-id", "99");
        Assert.Equal(1, Run(out _, out string wrongKey, "search", "--key", Path("other.key"), "--query", Path("q.jsonl"), "--store", store));
        Assert.StartsWith("vectax: No key with id", wrongKey);
        Assert.Equal(1, Run(out _, out string zero, "search", "--key", key, "--query", Path("q.jsonl"), "--store", store, "-k", "0"));
        Assert.Contains("-k 0 is out of range: give 1 to 1000000.", zero);
        Assert.Equal(1, Run(out _, out string noStore, "search", "--key", key, "--query", Path("q.jsonl")));
        Assert.Contains("--store", noStore);
    }

    [Fact]
    public void Rotate_moves_a_store_file_to_the_new_key()
    {
        string oldKey = Path("old.key"), newKey = Path("new.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "8", "--out", oldKey, "--key-id", "1");
        Run(out _, out _, "keygen", "--dim", "8", "--out", newKey, "--key-id", "2");
        var random = new Random(211);
        float[][] corpus = [.. Enumerable.Range(0, 20).Select(_ => TestData.Unit(random, 8))];
        VectorFile.Write(Path("v.fvecs"), corpus);
        VectorFile.Write(Path("q.jsonl"), [corpus[13]]);
        Run(out _, out _, "ingest", "--key", oldKey, "--in", Path("v.fvecs"), "--store", store);

        Assert.Equal(0, Run(out string rotated, out string error, "rotate", "--key", newKey, "--old-key", oldKey, "--store", store));
        Assert.True(rotated.Contains("rotated 20 points to key 2", StringComparison.Ordinal), error);
        Assert.Equal(0, Run(out string found, out _, "search", "--key", newKey, "--query", Path("q.jsonl"), "--store", store, "-k", "1"));
        Assert.StartsWith("query 0: 1 result\n   1. #13 distance 0.0000\n", found.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Store_commands_refuse_a_wrong_dimension_and_a_wrong_old_key_and_say_how_to_resume()
    {
        string key = Path("k.key"), stranger = Path("x.key"), next = Path("n.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "8", "--out", key, "--key-id", "1");
        Run(out _, out _, "keygen", "--dim", "8", "--out", stranger, "--key-id", "3");
        Run(out _, out _, "keygen", "--dim", "8", "--out", next, "--key-id", "2");
        var random = new Random(212);
        float[][] rows = [.. Enumerable.Range(0, 5).Select(_ => TestData.Unit(random, 8))];
        VectorFile.Write(Path("v8.npy"), rows);
        VectorFile.Write(Path("head.npy"), rows[..3]);
        VectorFile.Write(Path("v9.npy"), [TestData.Unit(random, 9)]);

        Assert.Equal(1, Run(out _, out string dimension, "ingest", "--key", key, "--in", Path("v9.npy"), "--store", store));
        Assert.Contains("has dimension 9; the key has 8", dimension);
        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("head.npy"), "--store", store, "--start-id", "0"));
        Assert.Equal(0, Run(out string resumed, out _, "ingest", "--key", key, "--in", Path("v8.npy"), "--store", store, "--start-id", "0", "--skip", "3"));
        Assert.Contains("the collection holds 5", resumed);
        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("v8.npy"), "--store", store, "--start-id", "0", "--overwrite"));
        Assert.Equal(1, Run(out _, out string wrongOld, "rotate", "--key", next, "--old-key", stranger, "--store", store));
        Assert.Contains("No key with id 1", wrongOld);
        Assert.Contains("--resume-from", wrongOld);
        Assert.Equal(0, Run(out string rotated, out _, "rotate", "--key", next, "--old-key", key, "--store", store));
        Assert.Contains("rotated 5 points to key 2", rotated);
    }

    [Fact]
    public void An_ingest_that_fails_midway_keeps_what_was_stored_and_says_where_to_resume()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        var random = new Random(213);
        float[][] rows = [.. Enumerable.Range(0, 400).Select(_ => TestData.Unit(random, 4))];
        rows[300][1] = float.NaN; // in the second batch of 256
        VectorFile.Write(Path("v.npy"), rows);

        Assert.Equal(1, Run(out _, out string error, "ingest", "--key", key, "--in", Path("v.npy"), "--store", store));
        Assert.Contains("Record 300: The vector holds NaN", error);
        Assert.Contains("rerun with --start-id 0 --skip 256", error);
        rows[300][1] = 0.5f;
        VectorFile.Write(Path("v.npy"), rows);
        Assert.Equal(0, Run(out string resumed, out _, "ingest", "--key", key, "--in", Path("v.npy"), "--store", store, "--start-id", "0", "--skip", "256"));
        Assert.Contains("ingested 400 vectors as ids 0 to 399; the collection holds 400", resumed);
    }

    [Fact]
    public void Rbac_authority_issue_and_inspect_work_together()
    {
        string authorityFile = Path("a.json"), userFile = Path("u.key");
        Assert.Equal(0, Run(out string created, out _, "rbac", "authority", "--vocabulary", "roles=admin,analyst;departments=research,engineering", "--out", authorityFile));
        Assert.Equal(0, Run(out _, out _, "rbac", "issue", "--authority", authorityFile, "--attributes", "roles=analyst;departments=research", "--out", userFile));
        Assert.Equal(1, Run(out _, out string unknown, "rbac", "issue", "--authority", authorityFile, "--attributes", "roles=root", "--out", Path("x.key")));
        Assert.Contains("Unknown value 'root'", unknown);
        File.WriteAllText(Path("bad.json"), "{\"Vocabulary\": \"roles=a\", \"Epoch\": 1, \"Secret\": \"!!\"}");
        Assert.Equal(1, Run(out _, out string badSecret, "rbac", "issue", "--authority", Path("bad.json"), "--attributes", "roles=a", "--out", Path("y.key")));
        Assert.Contains("is not an authority file", badSecret);

        using VectaX.Rbac.RbacAuthority authority = SecretFile.ReadAuthority(authorityFile);
        Assert.DoesNotContain(Convert.ToBase64String(authority.ExportSecret()), created);
        VectaX.Rbac.SealedRecord record = authority.Seal(VectaX.Rbac.AttributeSetText.Parse(authority.Vocabulary, "departments=research"), [1f, 2f], "text"u8);
        using VectaX.Rbac.UserKey user = SecretFile.ReadUserKey(userFile);
        Assert.Equal(new[] { 1f, 2f }, user.Open(record).Vector);

        Assert.Equal(0, Run(out string inspected, out _, "rbac", "inspect", "--header", record.HeaderBase64));
        Assert.Contains($"record header v4: authority {authority.Id}, epoch 1, class {record.AccessTags[0]}, 105 bytes", inspected);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authorityFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(userFile));
        }
    }

    [Fact]
    public void Every_command_has_help()
    {
        string[][] commands = [["keygen"], ["encrypt"], ["decrypt"], ["embed"], ["ingest"], ["search"], ["rotate"], ["bench"], ["demo"], ["rbac"], ["rbac", "authority"], ["rbac", "vocabulary"], ["rbac", "issue"], ["rbac", "inspect"], ["rbac", "revoke"]];
        foreach (string[] command in commands)
        {
            Assert.Equal(0, Run(out string help, out _, [.. command, "--help"]));
            Assert.Contains("Usage:", help);
            Assert.Contains(command[^1], help);
        }
    }

    private static int Run(out string output, out string error, params string[] args) => Cli.Run(out output, out error, args);
}
