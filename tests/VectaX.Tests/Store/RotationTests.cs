using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>Rotating a collection to a new key over real gRPC: streaming, resumable, searchable throughout.</summary>
public class RotationTests
{
    private const int D = 32, N = 300;

    [Fact]
    public async Task A_collection_rotates_to_the_new_key_resuming_after_an_interruption_while_search_keeps_working()
    {
        await using FakeQdrant server = await FakeQdrant.StartAsync();
        using var store = new QdrantVectorStore(server.Address);
        using VectaXKey oldKey = TestData.Key(D, TransformKind.Fast, keyId: 1, seed: 1);
        using VectaXKey newKey = TestData.Key(D, TransformKind.Dense, keyId: 2, seed: 2);
        var random = new Random(161);
        float[][] corpus = Enumerable.Range(0, N).Select(_ => TestData.Unit(random, D)).ToArray();
        using (var before = new KeyRing([oldKey], 1))
        {
            var c = new EncryptedCollection(store, "docs", before);
            await c.EnsureAsync();
            await c.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, new Dictionary<string, string> { ["n"] = $"{i}" })).ToList());
        }

        using var ring = new KeyRing([oldKey, newKey], activeKeyId: 2);
        var collection = new EncryptedCollection(store, "docs", ring);

        // Interrupt after the first page; the search still finds old- and new-key points meanwhile.
        ulong? resume = null;
        using var stop = new CancellationTokenSource();
        var interrupt = new Recorder(p =>
        {
            resume = p.ResumeFrom;
            stop.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.RotateAsync(pageSize: 64, progress: interrupt, cancellationToken: stop.Token));
        Assert.Equal(64ul, resume);
        Assert.Equal(10ul, (await collection.SearchAsync(corpus[10], 1))[0].Id);
        Assert.Equal(200ul, (await collection.SearchAsync(corpus[200], 1))[0].Id);

        long rest = await collection.RotateAsync(resumeFrom: resume, pageSize: 64);
        Assert.Equal(N - 64, rest);
        Assert.Equal(0, await collection.RotateAsync());

        (IReadOnlyList<StoredPoint> all, _) = await store.ScrollAsync("docs", null, N + 1);
        Assert.Equal(N, all.Count);
        Assert.All(all, p => Assert.Equal(2u, EncryptedVectorFormat.ReadKeyId(PayloadFields.ReadMetadata(p))));
        Assert.All(all, p => Assert.Equal($"{p.Id}", p.Payload["n"]));
        using var onlyNew = new KeyRing([newKey], 2);
        var after = new EncryptedCollection(store, "docs", onlyNew);
        Assert.Equal(123ul, (await after.SearchAsync(corpus[123], 1))[0].Id);
    }

    private sealed class Recorder(Action<RotationProgress> onReport) : IProgress<RotationProgress>
    {
        public void Report(RotationProgress value) => onReport(value);
    }
}
