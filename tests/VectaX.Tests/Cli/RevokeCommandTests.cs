using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>`vectax rbac revoke`: the epoch advances in the authority file, old user keys find nothing, new ones find everything; resumable.</summary>
public sealed class RevokeCommandTests : TempFolderTest
{
    [Fact]
    public void Revoke_advances_the_epoch_and_only_keys_of_the_new_epoch_search_afterwards()
    {
        string key = Path("k.key"), authority = Path("a.json"), store = Path("s.vxs"), old = Path("old.key"), fresh = Path("new.key");
        var random = new Random(501);
        float[][] corpus = TestData.Clustered(random, 30, 16);
        VectorFile.Write(Path("v.npy"), corpus);
        VectorFile.Write(Path("q.npy"), [corpus[7]]);
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "16", "--out", key));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", "departments=engineering,finance", "--out", authority));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", authority, "--attributes", "departments=finance", "--out", old));
        Assert.Equal(0, Cli.Run(out _, out _, "ingest", "--key", key, "--in", Path("v.npy"), "--authority", authority, "--policy", "departments=finance", "--store", store));
        Assert.Equal(0, Cli.Run(out string before, out _, "search", "--user-key", old, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains("3 results\n   1. #7 ", before.ReplaceLineEndings("\n"));

        Assert.Equal(0, Cli.Run(out string revoked, out string error, "rbac", "revoke", "--authority", authority, "--store", store));
        Assert.Contains("epoch 1 -> 2", revoked);
        Assert.Contains("re-sealed 30 records to epoch 2", revoked);
        Assert.Equal("", error);
        using (VectaX.Rbac.RbacAuthority advanced = SecretFile.ReadAuthority(authority))
        {
            Assert.Equal(2u, advanced.Epoch);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authority));
        }

        Assert.Equal(0, Cli.Run(out string stale, out _, "search", "--user-key", old, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains(": 0 results", stale);
        Assert.Contains($"--user-key {old} (epoch 1) opens none of this collection's access classes", stale);
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", authority, "--attributes", "departments=finance", "--out", fresh));
        Assert.Equal(0, Cli.Run(out string after, out _, "search", "--user-key", fresh, "--query", Path("q.npy"), "--store", store, "-k", "3"));
        Assert.Contains("3 results\n   1. #7 ", after.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("opens none", after);

        // Resuming works at the file's epoch: nothing left to move, and the epoch stays.
        Assert.Equal(0, Cli.Run(out string resumed, out _, "rbac", "revoke", "--authority", authority, "--store", store, "--resume-from", "0"));
        Assert.Contains("re-sealed 0 records to epoch 2", resumed);
        Assert.DoesNotContain("->", resumed);
        Assert.Equal(0, Cli.Run(out string inspected, out _, "rbac", "inspect", "--store", store, "--id", "7"));
        Assert.Contains("epoch 2", inspected);
    }
}
