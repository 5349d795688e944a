using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>A second ingest into the same store adds to it: ids continue after the highest, and taken ids are refused.</summary>
public sealed class RepeatedIngestTests : TempFolderTest
{
    [Fact]
    public void A_second_ingest_without_start_id_continues_after_the_highest_id_and_keeps_the_first()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "8", "--out", key);
        var random = new Random(300);
        float[][] a = [.. Enumerable.Range(0, 3).Select(_ => TestData.Unit(random, 8))], b = [.. Enumerable.Range(0, 3).Select(_ => TestData.Unit(random, 8))];
        VectorFile.Write(Path("a.jsonl"), a);
        VectorFile.Write(Path("b.jsonl"), b);
        VectorFile.Write(Path("q.jsonl"), [a[1], b[2]]);

        Assert.Equal(0, Run(out string first, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", store));
        Assert.Contains("ingested 3 vectors as ids 0 to 2; the collection holds 3", first);
        Assert.Equal(0, Run(out string second, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store));
        Assert.Contains("ingested 3 vectors as ids 3 to 5 (after the collection's highest id, 2); the collection holds 6", second);

        Assert.Equal(0, Run(out string found, out _, "search", "--key", key, "--query", Path("q.jsonl"), "--store", store, "-k", "1"));
        Assert.Contains("query 0: 1 result\n   1. #1 distance 0.0000", found.ReplaceLineEndings("\n"));
        Assert.Contains("query 1: 1 result\n   1. #5 distance 0.0000", found.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_explicit_start_id_over_stored_ids_is_refused_naming_the_first_clash_unless_overwrite()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("a.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
        VectorFile.Write(Path("b.jsonl"), [[0, 0, 0, 1], [1, 1, 0, 0]]);
        Assert.Equal(0, Run(out _, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", store, "--start-id", "10"));
        byte[] before = File.ReadAllBytes(store);

        Assert.Equal(1, Run(out string nothing, out string refused, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--start-id", "11"));
        Assert.Equal("", nothing);
        Assert.Equal("vectax: --start-id 11: id 11 is already stored, and ingesting would replace it. Leave out --start-id to add after the highest id, or pass --overwrite to replace.", refused.Trim());
        Assert.Equal(1, Run(out _, out string below, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--start-id", "9"));
        Assert.Contains("id 10 is already stored", below);
        Assert.Equal(before, File.ReadAllBytes(store));

        Assert.Equal(0, Run(out string beside, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--start-id", "8"));
        Assert.Contains("as ids 8 to 9; the collection holds 5", beside);
        Assert.Equal(0, Run(out string replaced, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--start-id", "11", "--overwrite"));
        Assert.Contains("as ids 11 to 12; the collection holds 5", replaced);
        VectorFile.Write(Path("q.jsonl"), [[0, 0, 0, 1]]);
        Assert.Equal(0, Run(out string found, out _, "search", "--key", key, "--query", Path("q.jsonl"), "--store", store, "-k", "2"));
        // #8 and #11 hold the same vector: both are at distance 0, in either order (decryption rounds).
        Assert.Contains(". #8 distance 0.0000", found);
        Assert.Contains(". #11 distance 0.0000", found);
    }

    [Fact]
    public void Skip_resumes_with_the_start_id_the_interrupted_run_reported()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("a.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0]]);
        VectorFile.Write(Path("b.jsonl"), [[0, 0, 1, 0], [0, 0, 0, 1], [1, 1, 0, 0]]);
        Run(out _, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", store);

        Assert.Equal(1, Run(out _, out string noStart, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--skip", "1"));
        Assert.Contains("--skip resumes an interrupted ingest: give --start-id", noStart);
        Assert.Equal(0, Run(out string resumed, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--store", store, "--start-id", "1", "--skip", "1"));
        Assert.Contains("as ids 1 to 3; the collection holds 4", resumed);
    }

    [Fact]
    public void Skip_over_rows_that_are_not_stored_is_refused_rather_than_leaving_them_out()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("a.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
        Run(out _, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", store, "--start-id", "10");
        byte[] before = File.ReadAllBytes(store);

        // A --skip from another run, or a mistyped --start-id: the skipped rows were never stored.
        Assert.Equal(1, Run(out _, out string refused, "ingest", "--key", key, "--in", Path("a.jsonl"), "--store", store, "--start-id", "20", "--skip", "2"));
        Assert.Equal("vectax: --skip 2: id 21, the last row it skips, is not stored, so rows would be left out. Give the --start-id and --skip the interrupted run printed.", refused.Trim());
        Assert.Equal(before, File.ReadAllBytes(store));
    }

    private static int Run(out string output, out string error, params string[] args) => Cli.Run(out output, out error, args);
}
