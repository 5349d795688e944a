using Qdrant.Client;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>A failure the Qdrant client reports without a gRPC status (a QdrantException) reaches the caller as a StoreException, and is not retried.</summary>
public sealed class QdrantExceptionMappingTests
{
    [Fact]
    public async Task A_collection_the_server_would_not_create_is_a_permanent_store_exception_naming_the_operation()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        server.State.RefuseCreate = true;
        using var store = new QdrantVectorStore(server.Address);

        StoreException e = await Assert.ThrowsAsync<StoreException>(() => store.EnsureCollectionAsync("docs", 4));

        Assert.IsType<QdrantException>(e.InnerException);
        Assert.StartsWith("Qdrant ensure collection failed:", e.Message, StringComparison.Ordinal);
        Assert.Contains("docs", e.Message, StringComparison.Ordinal);
        Assert.Equal(StoreFailureKind.Permanent, StoreRetryPolicy.Classify(e).Kind);
        Assert.False(e.IsTransient);
        Assert.Empty(server.State.Collections);

        server.State.RefuseCreate = false;
        await store.EnsureCollectionAsync("docs", 4);
        Assert.Equal(0, await store.CountAsync("docs"));
    }
}
