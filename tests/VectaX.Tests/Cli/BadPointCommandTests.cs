using VectaX.Cli;
using VectaX.Collections;

namespace VectaX.Tests.Cli;

/// <summary>`vectax search` over a store holding a damaged point: the answer stands and the point is named.</summary>
public sealed class BadPointCommandTests : TempFolderTest
{
    [Fact]
    public async Task Search_answers_and_names_a_point_whose_metadata_is_damaged()
    {
        string key = Path("k.key"), store = Path("s.vxs");
        Cli.Run(out _, out _, "keygen", "--dim", "8", "--out", key);
        var random = new Random(1113);
        float[][] corpus = [.. Enumerable.Range(0, 20).Select(_ => TestData.Unit(random, 8))];
        VectorFile.Write(Path("v.npy"), corpus);
        VectorFile.Write(Path("q.jsonl"), [corpus[3]]);
        Assert.Equal(0, Cli.Run(out _, out _, "ingest", "--key", key, "--in", Path("v.npy"), "--store", store));

        EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(store);
        StoredPoint three = (await loaded.RetrieveAsync("vectax", [3])).Single();
        await loaded.UpsertAsync("vectax", [three with { Payload = new Dictionary<string, string>(three.Payload) { [PayloadFields.Iv] = "not base64!" } }]);
        loaded.Save(store);

        Assert.True(Cli.Run(out string found, out string error, "search", "--key", key, "--query", Path("q.jsonl"), "--store", store, "-k", "3") == 0, error);
        Assert.Contains("3 results", found);
        Assert.Contains("skipped #3: ", found);
        Assert.DoesNotContain("#3 distance", found);
    }
}
