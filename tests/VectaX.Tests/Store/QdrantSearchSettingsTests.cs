using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>The access-tag keyword index and the search parameters (hnsw_ef, exact) sent to Qdrant.</summary>
public class QdrantSearchSettingsTests
{
    [Fact]
    public async Task A_new_collection_gets_a_keyword_index_on_the_access_tags()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);
        await store.EnsureCollectionAsync("c", 4);
        Assert.Equal(global::Qdrant.Client.Grpc.PayloadSchemaType.Keyword, server.State.Collections["c"].Indexes[PayloadFields.AccessTags]);
    }

    [Fact]
    public async Task An_existing_collection_without_the_index_gets_it_once_and_a_read_only_key_then_opens_it()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "rw", readOnlyApiKey: "ro");
        server.State.Collections["old"] = new FakeQdrantCollection(4);
        using (var reader = new QdrantVectorStore(server.Address, "ro"))
        {
            Assert.Contains("PermissionDenied", (await Assert.ThrowsAsync<StoreException>(() => reader.EnsureCollectionAsync("old", 4))).Message, StringComparison.Ordinal);
        }

        using (var writer = new QdrantVectorStore(server.Address, "rw"))
        {
            await writer.EnsureCollectionAsync("old", 4);
            await writer.EnsureCollectionAsync("old", 4);
        }

        Assert.Equal([PayloadFields.AccessTags], server.State.Collections["old"].Indexes.Keys);
        using var again = new QdrantVectorStore(server.Address, "ro");
        await again.EnsureCollectionAsync("old", 4);
    }

    [Fact]
    public async Task Search_parameters_from_the_options_reach_the_server()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using (var plain = new QdrantVectorStore(server.Address))
        {
            await plain.EnsureCollectionAsync("c", 4);
            await plain.QueryAsync("c", new float[4], 3);
            Assert.False(server.State.LastSearchParams!.HasHnswEf);
            Assert.False(server.State.LastSearchParams.Exact);
        }

        using var tuned = new QdrantVectorStore(server.Address, new QdrantStoreOptions { HnswEf = 256 });
        await tuned.QueryAsync("c", new float[4], 3, ["t"]);
        Assert.Equal(256ul, server.State.LastSearchParams!.HnswEf);

        using var exact = new QdrantVectorStore(server.Address, new QdrantStoreOptions { ExactSearch = true });
        await exact.QueryAsync("c", new float[4], 3);
        Assert.True(server.State.LastSearchParams!.Exact);
    }

    [Fact]
    public void The_options_never_show_the_api_key()
    {
        string text = new QdrantStoreOptions { ApiKey = "hunter2-secret", HnswEf = 64 }.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = set", text, StringComparison.Ordinal);
        Assert.Contains("HnswEf = 64", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_options_are_refused()
    {
        var endpoint = new Uri("http://127.0.0.1:1");
        Assert.Throws<ArgumentOutOfRangeException>(() => new QdrantVectorStore(endpoint, new QdrantStoreOptions { CallTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QdrantVectorStore(endpoint, new QdrantStoreOptions { MaxResponseBytes = 1000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QdrantVectorStore(endpoint, new QdrantStoreOptions { HnswEf = 0 }));
    }
}
