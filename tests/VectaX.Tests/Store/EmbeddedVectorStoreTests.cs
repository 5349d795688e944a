using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>The embedded store's own feature: persistence to a file (the shared behaviour is in <see cref="VectorStoreContract"/>).</summary>
public class EmbeddedVectorStoreTests
{
    private static StoredPoint Point(ulong id, float[] v, params string[] tags) => new(id, v, new Dictionary<string, string> { ["n"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tags);

    [Fact]
    public async Task A_saved_store_loads_back_whole_and_a_truncated_file_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-{Guid.NewGuid():N}.store");
        try
        {
            var store = new EmbeddedVectorStore();
            await store.EnsureCollectionAsync("c", 3);
            await store.UpsertAsync("c", [Point(7, [1, 2, 3], "t1", "t2"), Point(8, [4, 5, 6])]);
            store.Save(path);

            EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(path);
            StoredPoint p = (await loaded.RetrieveAsync("c", [7]))[0];
            Assert.Equal(new[] { 1f, 2f, 3f }, p.Vector);
            Assert.Equal(new[] { "t1", "t2" }, p.AccessTags);
            Assert.Equal("7", p.Payload["n"]);
            Assert.Equal(2, await loaded.CountAsync("c"));

            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);
            Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
            File.WriteAllBytes(path, "not a store"u8.ToArray());
            Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Saving_into_a_missing_folder_names_the_file_not_a_temporary_one()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-missing-{Guid.NewGuid():N}", "s.vxs");

        IOException e = Assert.Throws<IOException>(() => new EmbeddedVectorStore().Save(path));

        Assert.Equal($"Cannot write '{path}': the folder '{Path.GetDirectoryName(path)}' does not exist.", e.Message);
    }
}
