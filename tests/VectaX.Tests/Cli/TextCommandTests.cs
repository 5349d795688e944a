using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>The commands that use the embedding model (embed, text ingest and search, demo), plus bench and the RBAC helpers, in process.</summary>
public sealed class TextCommandTests : TempFolderTest
{
    [Fact]
    public void Embed_writes_unit_vectors_that_rank_related_texts_nearer()
    {
        File.WriteAllLines(Path("t.txt"), ["The invoice was paid late.", "The payment of the bill was delayed.", "A cat sleeps on the warm windowsill."]);
        File.WriteAllLines(Path("t.jsonl"), ["{\"text\": \"The invoice was paid late.\"}"]);

        Assert.Equal(0, Cli.Run(out string said, out string error, "embed", "--in", Path("t.txt"), "--out", Path("v.npy")));
        Assert.Equal("", error); // no progress bar when stderr is not a terminal
        Assert.Contains("embedded 3 texts into 384-d vectors", said);
        Assert.Equal(0, Cli.Run(out _, out _, "embed", "--in", Path("t.jsonl"), "--out", Path("j.fvecs")));

        float[][] v = VectorFile.Read(Path("v.npy"));
        Assert.All(v, row => Assert.Equal(1.0, Math.Sqrt(row.Sum(x => (double)x * x)), 4));
        Assert.True(TestData.Distance(v[0], v[1]) < TestData.Distance(v[0], v[2]));
        Assert.True(TestData.Distance(v[0], VectorFile.Read(Path("j.fvecs"))[0]) < 1e-4);
    }

    [Fact]
    public void Embed_rejects_empty_lines_missing_files_and_text_without_a_text_field()
    {
        File.WriteAllLines(Path("gap.txt"), ["one", "", "three"]);
        File.WriteAllLines(Path("bad.jsonl"), ["{\"title\": \"no text\"}"]);

        Assert.Equal(1, Cli.Run(out _, out string gap, "embed", "--in", Path("gap.txt"), "--out", Path("v.npy")));
        Assert.Contains("line 2 is empty", gap);
        Assert.Equal(1, Cli.Run(out _, out string missing, "embed", "--in", Path("none.txt"), "--out", Path("v.npy")));
        Assert.Contains("none.txt", missing);
        Assert.Equal(1, Cli.Run(out _, out string field, "embed", "--in", Path("bad.jsonl"), "--out", Path("v.npy")));
        Assert.Contains("line 1 has no \"text\" string", field);
        Assert.False(File.Exists(Path("v.npy")));
    }

    [Fact]
    public void Text_ingest_under_policies_then_text_search_opens_only_what_the_user_key_may()
    {
        string key = Path("k.key"), authority = Path("a.json"), clerk = Path("clerk.key"), store = Path("s.vxs");
        File.WriteAllLines(Path("finance.txt"), ["Supplier invoice 4471 is still unpaid.", "The quarterly budget is over plan."]);
        File.WriteAllLines(Path("engineering.txt"), ["The login API leaks memory under load.", "The nightly build failed."]);
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "384", "--out", key));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", "roles=staff;departments=engineering,finance", "--out", authority));
        Assert.Equal(0, Cli.Run(out string vocabulary, out _, "rbac", "vocabulary", "--authority", authority));
        Assert.Contains("roles=staff;departments=engineering,finance", vocabulary);
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", authority, "--attributes", "roles=staff;departments=finance", "--out", clerk));

        Assert.Equal(1, Cli.Run(out _, out string unsealed, "ingest", "--key", key, "--texts", Path("finance.txt"), "--store", store));
        Assert.Contains("--policy", unsealed);
        Assert.Equal(0, Cli.Run(out string first, out _, "ingest", "--key", key, "--texts", Path("finance.txt"), "--authority", authority, "--policy", "departments=finance", "--store", store));
        Assert.Contains("ingested 2 vectors sealed under departments=finance", first);
        Assert.Equal(0, Cli.Run(out _, out _, "ingest", "--key", key, "--texts", Path("engineering.txt"), "--authority", authority, "--policy", "departments=engineering", "--store", store, "--start-id", "10"));

        // Records under a policy are under their class keys: the ring key alone ranks none of them; with the authority it ranks all.
        Assert.Equal(0, Cli.Run(out string ringOnly, out _, "search", "--key", key, "--store", store, "--text", "memory leak in the API", "-k", "4"));
        Assert.Contains(": 0 results", ringOnly);
        Assert.Equal(0, Cli.Run(out string holder, out _, "search", "--key", key, "--authority", authority, "--store", store, "--text", "memory leak in the API", "-k", "4"));
        Assert.Contains("query \"memory leak in the API\": 4 results\n   1. #10 distance", holder.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("leaks memory", holder); // the key holder sees ids, not sealed payloads

        // A user searches with its user key alone.
        Assert.Equal(0, Cli.Run(out string user, out _, "search", "--store", store, "--text", "memory leak in the API", "-k", "4", "--user-key", clerk));
        Assert.Contains(": 2 results", user);
        Assert.Contains("\"Supplier invoice 4471 is still unpaid.\"", user);
        Assert.DoesNotContain("#10", user);
        Assert.Equal(1, Cli.Run(out _, out string twoKeys, "search", "--key", key, "--store", store, "--text", "x", "--user-key", clerk));
        Assert.Contains("not both", twoKeys);

        Assert.Equal(0, Cli.Run(out string inspected, out _, "rbac", "inspect", "--store", store, "--id", "10"));
        Assert.Contains("epoch 1", inspected);
        Assert.Equal(1, Cli.Run(out _, out string absent, "rbac", "inspect", "--store", store, "--id", "99"));
        Assert.Contains("No record 99", absent);
        Cli.Run(out _, out _, "keygen", "--dim", "768", "--out", Path("768.key"));
        Assert.Equal(1, Cli.Run(out _, out string dimension, "search", "--key", Path("768.key"), "--store", store, "--text", "x"));
        Assert.Contains("Texts embed to 384-d vectors (all-MiniLM-L6-v2); this key has dimension 768.", dimension);
        VectorFile.Write(Path("q.npy"), [new float[384]]);
        Assert.Equal(1, Cli.Run(out _, out string both, "search", "--key", key, "--store", store, "--text", "x", "--query", Path("q.npy")));
        Assert.Contains("not both", both);
    }

    [Fact]
    public void Bench_prints_every_rate_against_the_aes_gcm_baseline()
    {
        Assert.Equal(0, Cli.Run(out string table, out _, "bench", "--dim", "32", "--count", "64", "--transform", "dense"));
        Assert.Contains("d=32, Dense", table);
        foreach (string row in new[] { "AES-256-GCM (baseline)", "encrypt, 1 core", "decrypt, 1 core", "encrypt query, 1 core", "encrypt batch, 1 core", "decrypt batch, 1 core", "encrypt batch", "decrypt batch", "the 1-core batch rate" })
        {
            Assert.Contains(row, table);
        }

        Assert.Equal(0, Cli.Run(out string device, out _, "bench", "--dim", "16", "--count", "32", "--device", "ilgpu-cpu"));
        Assert.Contains("encrypt batch, IlgpuCpu", device);
        Assert.Contains("device: CPUAccelerator", device);
        Assert.Equal(1, Cli.Run(out _, out string bad, "bench", "--dim", "0"));
        Assert.Contains("--dim", bad);
    }

    [Fact]
    public void Demo_runs_end_to_end_on_a_small_corpus()
    {
        Assert.True(Cli.Run(out string said, out string error, "demo", "--count", "300", "--queries", "20") == 0, said + error);
        Assert.Contains("embed    326 texts", said);
        Assert.Contains("ingest   300 notes", said);
        Assert.Contains("recall   @10 against plaintext exact search, 26 queries", said);
        Assert.Contains("opening engineering note", said);
        Assert.Contains("AccessDeniedException", said);
        Assert.Contains("AuthenticationFailedException", said);
        Assert.Equal(1, Cli.Run(out _, out string bad, "demo", "--count", "5"));
        Assert.Contains("--count", bad);
    }
}
