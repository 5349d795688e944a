using VectaX.Cli;
using VectaX.Tests.Store;

namespace VectaX.Tests.Cli;

/// <summary>The store commands against Qdrant: the real Qdrant.Client over loopback gRPC to the in-process server.</summary>
[Collection(QdrantEnvironment.Name)]
public sealed class QdrantCommandTests : TempFolderTest
{
    [Fact]
    public async Task Ingest_search_and_rotate_run_against_a_qdrant_endpoint()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        string url = server.Address.ToString(), key = Path("k.key"), next = Path("n.key");
        Cli.Run(out _, out _, "keygen", "--dim", "12", "--out", key, "--key-id", "1");
        Cli.Run(out _, out _, "keygen", "--dim", "12", "--out", next, "--key-id", "2");
        var random = new Random(250);
        float[][] corpus = [.. Enumerable.Range(0, 60).Select(_ => TestData.Unit(random, 12))];
        VectorFile.Write(Path("v.fvecs"), corpus);
        VectorFile.Write(Path("q.jsonl"), [corpus[41]]);

        Assert.True(Cli.Run(out string ingested, out string error, "ingest", "--key", key, "--in", Path("v.fvecs"), "--qdrant", url, "--collection", "docs") == 0, error);
        Assert.Contains("ingested 60 vectors as ids 0 to 59; the collection holds 60", ingested);
        Assert.Equal(0, Cli.Run(out string found, out _, "search", "--key", key, "--query", Path("q.jsonl"), "--qdrant", url, "--collection", "docs", "-k", "2"));
        Assert.Contains("   1. #41 distance 0.0000", found);
        Assert.Equal(0, Cli.Run(out string rotated, out _, "rotate", "--key", next, "--old-key", key, "--qdrant", url, "--collection", "docs"));
        Assert.Contains("rotated 60 points to key 2", rotated);
        Assert.Equal(0, Cli.Run(out string after, out _, "search", "--key", next, "--query", Path("q.jsonl"), "--qdrant", url, "--collection", "docs", "-k", "1"));
        Assert.Contains("   1. #41 distance 0.0000", after);
    }

    [Fact]
    public async Task A_second_ingest_continues_after_the_highest_id_and_taken_ids_are_refused()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        string url = server.Address.ToString(), key = Path("k.key");
        Cli.Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("a.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
        VectorFile.Write(Path("b.jsonl"), [[0, 0, 0, 1], [1, 1, 0, 0], [0, 1, 1, 0]]);

        Assert.Equal(0, Cli.Run(out string first, out _, "ingest", "--key", key, "--in", Path("a.jsonl"), "--qdrant", url, "--start-id", "1000"));
        Assert.Contains("as ids 1000 to 1002; the collection holds 3", first);
        Assert.Equal(0, Cli.Run(out string second, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--qdrant", url));
        Assert.Contains("as ids 1003 to 1005 (after the collection's highest id, 1002); the collection holds 6", second);
        Assert.Equal(1, Cli.Run(out _, out string refused, "ingest", "--key", key, "--in", Path("b.jsonl"), "--qdrant", url, "--start-id", "998"));
        Assert.Contains("--start-id 998: id 1000 is already stored", refused);
        Assert.Equal(0, Cli.Run(out string replaced, out _, "ingest", "--key", key, "--in", Path("b.jsonl"), "--qdrant", url, "--start-id", "998", "--overwrite"));
        Assert.Contains("the collection holds 8", replaced);
    }

    [Fact]
    public async Task The_api_key_comes_from_the_environment()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "secret-key");
        string key = Path("k.key");
        Cli.Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("v.npy"), [[1, 0, 0, 0]]);
        string? before = Environment.GetEnvironmentVariable(StoreTarget.ApiKeyVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreTarget.ApiKeyVariable, null);
            Assert.Equal(1, Cli.Run(out _, out string refused, "ingest", "--key", key, "--in", Path("v.npy"), "--qdrant", server.Address.ToString()));
            Assert.Contains("Unauthenticated", refused);
            Assert.DoesNotContain("secret-key", refused);

            Environment.SetEnvironmentVariable(StoreTarget.ApiKeyVariable, "secret-key");
            Assert.Equal(0, Cli.Run(out string ingested, out _, "ingest", "--key", key, "--in", Path("v.npy"), "--qdrant", server.Address.ToString()));
            Assert.Contains("the collection holds 1", ingested);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreTarget.ApiKeyVariable, before);
        }
    }

    [Fact]
    public void An_unreachable_or_malformed_endpoint_is_one_line_and_exit_1()
    {
        string key = Path("k.key");
        Cli.Run(out _, out _, "keygen", "--dim", "4", "--out", key);
        VectorFile.Write(Path("v.npy"), [[1, 0, 0, 0]]);

        Assert.Equal(1, Cli.Run(out _, out string unreachable, "ingest", "--key", key, "--in", Path("v.npy"), "--qdrant", "http://127.0.0.1:1"));
        Assert.StartsWith("vectax: Qdrant ensure collection failed: Unavailable", unreachable);
        Assert.Single(unreachable.Trim().Split('\n'));
        Assert.Equal(1, Cli.Run(out _, out string malformed, "search", "--key", key, "--query", Path("v.npy"), "--qdrant", "localhost:6334"));
        Assert.Contains("is not an http(s) URL", malformed);
    }
}
