using VectaX.Collections;
using VectaX.Tests.Cli;

namespace VectaX.Tests.Store;

/// <summary>The one store factory: a server through its adapter's connector, a store file as writer or reader, or memory.</summary>
public sealed class VectorStoreFactoryTests : TempFolderTest
{
    [Fact]
    public async Task A_writer_puts_every_acknowledged_batch_in_its_file()
    {
        string file = Path("w.vxs");
        using (var store = Assert.IsType<EmbeddedVectorStore>(VectorStoreFactory.Open(new StoreLocation { Collection = "c", File = file, Writer = true })))
        {
            await store.EnsureCollectionAsync("c", 4);
            await store.UpsertAsync("c", [Point(7)]);
        }

        // No Save: the file holds the point because the writer wrote it through.
        using EmbeddedVectorStore reopened = EmbeddedVectorStore.Load(file);
        Assert.Equal(1, await reopened.CountAsync("c"));
    }

    [Fact]
    public async Task A_reader_loads_an_existing_file_and_keeps_an_absent_one_in_memory()
    {
        string file = Path("r.vxs");
        using (var seed = new EmbeddedVectorStore())
        {
            await seed.EnsureCollectionAsync("c", 4);
            await seed.UpsertAsync("c", [Point(1), Point(2)]);
            seed.Save(file);
        }

        using var logs = new LogCapture();
        using (IDisposable loaded = (IDisposable)VectorStoreFactory.Open(new StoreLocation { Collection = "c", File = file }, logs.CreateLogger("test")))
        {
            Assert.Equal(2, await ((IVectorStore)loaded).CountAsync("c"));
        }

        string absent = Path("absent.vxs");
        using (var memory = Assert.IsType<EmbeddedVectorStore>(VectorStoreFactory.Open(new StoreLocation { Collection = "c", File = absent }, logs.CreateLogger("test"))))
        {
            await memory.EnsureCollectionAsync("c", 4);
            await memory.UpsertAsync("c", [Point(3)]);
        }

        Assert.False(File.Exists(absent));
        Assert.Contains(logs.Messages, m => m.Contains($"loaded from {file}", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("embedded (in memory), collection c", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_is_opened_by_its_connector_and_a_file_beside_it_is_ignored()
    {
        var connector = new RecordingConnector();
        var endpoint = new Uri("http://store.example:6334");
        using var logs = new LogCapture();

        IVectorStore store = VectorStoreFactory.Open(new StoreLocation { Collection = "c", Server = endpoint, Connector = connector, File = Path("ignored.vxs"), Writer = true }, logs.CreateLogger("test"));

        Assert.Same(connector.Opened, store);
        Assert.Equal([endpoint], connector.Endpoints);
        await store.EnsureCollectionAsync("c", 4);
        Assert.False(File.Exists(Path("ignored.vxs")));
        Assert.Contains(logs.Messages, m => m.Contains("VectaX store: Recorder at http://store.example:6334/, collection c", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_without_a_connector_is_refused_by_name()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => VectorStoreFactory.Open(new StoreLocation { Collection = "c", Server = new Uri("http://store.example:6334") }));
        Assert.Contains("http://store.example:6334", e.Message, StringComparison.Ordinal);
        Assert.Contains("connector", e.Message, StringComparison.Ordinal);
    }

    private static StoredPoint Point(ulong id) => new(id, [1, 0, 0, 0], new Dictionary<string, string>(), []);

    /// <summary>A connector that hands out one embedded store and records the endpoints it was asked for.</summary>
    private sealed class RecordingConnector : IVectorStoreConnector
    {
        public EmbeddedVectorStore Opened { get; } = new();

        public List<Uri> Endpoints { get; } = [];

        public string Name => "Recorder";

        public IVectorStore Connect(Uri endpoint)
        {
            Endpoints.Add(endpoint);
            return Opened;
        }
    }
}
