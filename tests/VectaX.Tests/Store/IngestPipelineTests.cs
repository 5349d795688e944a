using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>Bulk ingest over real gRPC: progress, transient faults retried, a dead server resumed without loss or duplicates.</summary>
public class IngestPipelineTests
{
    private const int D = 24, N = 1000;

    private static readonly IngestOptions Fast = new() { BatchSize = 64, MaxBatchesInFlight = 2, MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task Ingest_reports_progress_and_survives_transient_faults()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        server.State.FailingUpserts = 2;
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        using var store = new QdrantVectorStore(server.Address);
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.EnsureAsync();
        float[][] corpus = Corpus(N);
        var seen = new List<long>();

        long done = await new IngestPipeline(collection, Fast).RunAsync(Records(corpus), new Recorder(seen.Add));

        Assert.Equal(N, done);
        Assert.Equal(N, await collection.CountAsync());
        Assert.Equal(N, seen[^1]);
        Assert.True(seen.SequenceEqual(seen.Order()), "progress only moves forward");
        Assert.Equal(0, server.State.FailingUpserts);
    }

    [Fact]
    public async Task An_ingest_cut_by_a_dead_server_resumes_with_no_point_lost_or_duplicated()
    {
        FakeQdrant server = await FakeQdrant.StartAsync();
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        float[][] corpus = Corpus(N);
        IngestException cut;
        using (var store = new QdrantVectorStore(server.Address))
        {
            var collection = new EncryptedCollection(store, "docs", ring);
            await collection.EnsureAsync();
            var kill = new Recorder(acknowledged =>
            {
                if (acknowledged >= 300)
                {
                    server.StopAsync().GetAwaiter().GetResult();
                }
            });
            cut = await Assert.ThrowsAsync<IngestException>(() => new IngestPipeline(collection, Fast).RunAsync(Records(corpus), kill));
        }

        Assert.InRange(cut.Acknowledged, 300, N - 1);
        FakeQdrantState state = server.State;
        await server.DisposeAsync();

        await using FakeQdrant restarted = await FakeQdrant.StartAsync(restart: state);
        using var again = new QdrantVectorStore(restarted.Address);
        var resumed = new EncryptedCollection(again, "docs", ring);
        Assert.Equal(N, await new IngestPipeline(resumed, Fast).RunAsync(Records(corpus), skip: cut.Acknowledged));

        Assert.Equal(N, await resumed.CountAsync());
        IReadOnlyList<StoredPoint> all = await again.RetrieveAsync("docs", Enumerable.Range(0, N).Select(i => (ulong)i).ToList());
        Assert.Equal(N, all.Count);
        foreach (StoredPoint p in all)
        {
            float[] plain = await resumed.DecryptAsync(p);
            Assert.True(TestData.Distance(plain, corpus[p.Id]) < 1e-5);
        }
    }

    [Fact]
    public async Task Cancelling_a_slow_ingest_stops_it()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        server.State.UpsertDelay = TimeSpan.FromMilliseconds(200);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        using var store = new QdrantVectorStore(server.Address);
        var collection = new EncryptedCollection(store, "docs", ring);
        await collection.EnsureAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new IngestPipeline(collection, Fast).RunAsync(Records(Corpus(N)), cancellationToken: cancel.Token));
        Assert.True(await collection.CountAsync() < N);
    }

    private static float[][] Corpus(int n)
    {
        var random = new Random(151);
        return Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D)).ToArray();
    }

    private static IEnumerable<PlainRecord> Records(float[][] corpus) => corpus.Select((v, i) => new PlainRecord((ulong)i, v));

    /// <summary>A synchronous IProgress, so the test acts at a known point.</summary>
    private sealed class Recorder(Action<long> onReport) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => onReport(value.Acknowledged);
    }
}
