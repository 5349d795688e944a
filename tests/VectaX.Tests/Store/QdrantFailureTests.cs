using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>How the adapter meets Qdrant's refusals, races and silences (modelled on Qdrant's own status codes).</summary>
public class QdrantFailureTests
{
    private static StoredPoint Point(ulong id, int dimension) => new(id, new float[dimension], new Dictionary<string, string>(), []);

    [Fact]
    public async Task A_collection_created_by_another_client_meanwhile_is_checked_not_failed()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);

        server.State.CreatedConcurrently = 8;
        await store.EnsureCollectionAsync("same", 8);

        server.State.CreatedConcurrently = 9;
        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync("other", 8));
        Assert.Contains("dimension 8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dimension_errors_on_upsert_and_query_are_store_errors_naming_invalid_argument()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);
        await store.EnsureCollectionAsync("c", 4);
        Assert.Contains("InvalidArgument", (await Assert.ThrowsAsync<StoreException>(() => store.UpsertAsync("c", [Point(1, 5)]))).Message, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument", (await Assert.ThrowsAsync<StoreException>(() => store.QueryAsync("c", new float[3], 1))).Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync("c"));
    }

    [Fact]
    public async Task A_read_only_key_searches_but_its_writes_are_permission_denied()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "rw", readOnlyApiKey: "ro");
        using (var writer = new QdrantVectorStore(server.Address, "rw"))
        {
            await writer.EnsureCollectionAsync("c", 4);
            await writer.UpsertAsync("c", [Point(1, 4)]);
        }

        using var reader = new QdrantVectorStore(server.Address, "ro");
        await reader.EnsureCollectionAsync("c", 4);
        Assert.Single(await reader.QueryAsync("c", new float[4], 3));
        Assert.Contains("PermissionDenied", (await Assert.ThrowsAsync<StoreException>(() => reader.UpsertAsync("c", [Point(2, 4)]))).Message, StringComparison.Ordinal);
        Assert.Contains("PermissionDenied", (await Assert.ThrowsAsync<StoreException>(() => reader.DeleteAsync("c", [1]))).Message, StringComparison.Ordinal);
        Assert.Contains("PermissionDenied", (await Assert.ThrowsAsync<StoreException>(() => reader.EnsureCollectionAsync("new", 4))).Message, StringComparison.Ordinal);
        Assert.Equal(1, await reader.CountAsync("c"));
    }

    [Fact]
    public async Task A_stalled_server_fails_each_call_at_its_deadline_instead_of_hanging()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using (var setup = new QdrantVectorStore(server.Address))
        {
            await setup.EnsureCollectionAsync("c", 4);
        }

        using var store = new QdrantVectorStore(server.Address, new QdrantStoreOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        server.State.Stalled = true;

        // The outer wait only keeps a regression from hanging the test run.
        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.CountAsync("c").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("DeadlineExceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ingest_into_a_stalled_server_retries_and_then_stops_with_what_it_acknowledged()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using VectaXKey key = TestData.Key(4, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        using (var setup = new QdrantVectorStore(server.Address))
        {
            await new EncryptedCollection(setup, "docs", ring).EnsureAsync();
        }

        using var store = new QdrantVectorStore(server.Address, new QdrantStoreOptions { CallTimeout = TimeSpan.FromMilliseconds(200) });
        var collection = new EncryptedCollection(store, "docs", ring);
        server.State.Stalled = true;
        var options = new IngestOptions { BatchSize = 10, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1) };

        IngestException e = await Assert.ThrowsAsync<IngestException>(() => new IngestPipeline(collection, options).RunAsync(Enumerable.Range(0, 30).Select(i => new PlainRecord((ulong)i, [1, 0, 0, 0]))).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, e.Acknowledged);
        Assert.Contains("DeadlineExceeded", e.Message, StringComparison.Ordinal);
    }
}
