using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>`vectax rbac` with an organisation's vocabulary: a 50 departments x 10 roles policy (500 combinations, refused before header version 3) ingested, searched with a user key, inspected and revoked.</summary>
public sealed class BroadPolicyCommandTests : TempFolderTest
{
    [Fact]
    public void A_fifty_by_ten_policy_is_ingested_searched_inspected_and_revoked_from_the_command_line()
    {
        string key = Path("k.key"), authority = Path("a.json"), store = Path("s.vxs"), manager = Path("m.key"), outsider = Path("o.key");
        string departments = string.Join(",", Enumerable.Range(0, 60).Select(i => $"d{i}")), roles = string.Join(",", Enumerable.Range(0, 10).Select(i => $"r{i}"));
        string policy = $"departments={string.Join(",", Enumerable.Range(0, 50).Select(i => $"d{i}"))};roles={roles}";
        float[][] corpus = TestData.Clustered(new Random(502), 20, 16);
        VectorFile.Write(Path("v.npy"), corpus);
        VectorFile.Write(Path("q.npy"), [corpus[7]]);
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "16", "--out", key));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", $"departments={departments};roles={roles}", "--out", authority));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", authority, "--attributes", "departments=d42;roles=r9", "--out", manager));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", authority, "--attributes", "departments=d55;roles=r9", "--out", outsider));
        Assert.Equal(0, Cli.Run(out string ingested, out string error, "ingest", "--key", key, "--in", Path("v.npy"), "--authority", authority, "--policy", policy, "--store", store));
        Assert.Equal("", error);
        Assert.Contains("ingested 20 vectors", ingested);

        Assert.Equal(0, Cli.Run(out string found, out _, "search", "--user-key", manager, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains("3 results\n   1. #7 ", found.ReplaceLineEndings("\n"));
        Assert.Equal(0, Cli.Run(out string none, out _, "search", "--user-key", outsider, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains(": 0 results", none);

        Assert.Equal(0, Cli.Run(out string inspected, out _, "rbac", "inspect", "--store", store, "--id", "7"));
        Assert.Contains("105 bytes", inspected);
        Assert.Contains("512 entries (padded)", inspected);

        Assert.Equal(0, Cli.Run(out string revoked, out _, "rbac", "revoke", "--authority", authority, "--store", store));
        Assert.Contains("re-sealed 20 records to epoch 2", revoked);
        Assert.Equal(0, Cli.Run(out string stale, out _, "search", "--user-key", manager, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains(": 0 results", stale);
    }
}
