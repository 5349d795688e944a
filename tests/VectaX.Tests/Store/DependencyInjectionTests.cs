using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>AddVectaX: options from configuration, the embedded store by default, Qdrant when configured, no secrets in logs.</summary>
public class DependencyInjectionTests
{
    [Fact]
    public async Task The_embedded_store_is_the_default_and_logs_carry_no_key()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        string secret = key.ToBase64();
        var logs = new LogCapture();
        await using ServiceProvider provider = Services(new() { ["VectaX:KeyBase64"] = secret, ["VectaX:Collection"] = "notes" }, logs);

        EncryptedCollection collection = provider.GetRequiredService<EncryptedCollection>();
        Assert.IsType<EmbeddedVectorStore>(provider.GetRequiredService<IVectorStore>());
        Assert.Equal("notes", collection.Name);
        await collection.EnsureAsync();
        float[] v = TestData.Unit(new Random(171), 16);
        await collection.UpsertAsync([new PlainRecord(5, v)]);
        Assert.Equal(5ul, (await collection.SearchAsync(v, 1))[0].Id);

        Assert.Contains(logs.Messages, m => m.Contains("embedded", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configured_qdrant_url_selects_the_qdrant_store()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        await using ServiceProvider provider = Services(new() { ["VectaX:KeyBase64"] = key.ToBase64(), ["VectaX:QdrantUrl"] = server.Address.ToString() }, new LogCapture());
        Assert.IsType<QdrantVectorStore>(provider.GetRequiredService<IVectorStore>());
        EncryptedCollection collection = provider.GetRequiredService<EncryptedCollection>();
        await collection.EnsureAsync();
        await collection.UpsertAsync([new PlainRecord(1, new float[16])]);
        Assert.Equal(1, await collection.CountAsync());
    }

    [Fact]
    public async Task Qdrant_settings_from_configuration_reach_the_server()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync(apiKey: "k");
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        await using ServiceProvider provider = Services(
            new()
            {
                ["VectaX:KeyBase64"] = key.ToBase64(),
                ["VectaX:QdrantUrl"] = server.Address.ToString(),
                ["VectaX:QdrantApiKey"] = "k",
                ["VectaX:QdrantHnswEf"] = "300",
                ["VectaX:QdrantExactSearch"] = "true",
                ["VectaX:QdrantCallTimeout"] = "00:00:03", // room for a first call on a loaded machine; the stall below still ends by it
            },
            new LogCapture());
        EncryptedCollection collection = provider.GetRequiredService<EncryptedCollection>();
        await collection.EnsureAsync();
        await collection.UpsertAsync([new PlainRecord(1, TestData.Unit(new Random(3), 16))]);
        await collection.SearchAsync(new float[16], 1);
        Assert.Equal(300ul, server.State.LastSearchParams!.HnswEf);
        Assert.True(server.State.LastSearchParams.Exact);

        server.State.Stalled = true;
        Assert.Contains("DeadlineExceeded", (await Assert.ThrowsAsync<StoreException>(() => collection.CountAsync().WaitAsync(TimeSpan.FromSeconds(30)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_is_named_in_the_error()
    {
        await using ServiceProvider provider = Services([], new LogCapture());
        Assert.Contains("KeyFile", Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<KeyRing>()).Message);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, LogCapture logs)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddVectaX(configuration)
            .BuildServiceProvider();
    }
}
