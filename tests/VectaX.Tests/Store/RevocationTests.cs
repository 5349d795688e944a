using System.Text;
using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>Eager revocation moves every record under a policy to a new epoch; what a revoked key kept opens nothing current.</summary>
public class RevocationTests
{
    private const int D = 32, N = 60;

    [Fact]
    public async Task After_eager_revocation_a_revoked_key_and_everything_it_saved_open_nothing_current()
    {
        (EmbeddedVectorStore store, RbacAuthority epoch1, float[][] corpus) = await SealedStoreAsync();
        using UserKey revoked = epoch1.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research"));
        StoredPoint saved = (await store.RetrieveAsync("docs", [4]))[0];
        byte[] savedClassHeader = await ClassHeaderAsync(store, saved);
        using AccessClass savedClass = revoked.OpenClass(savedClassHeader);

        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        Assert.Equal(N, await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(pageSize: 7));

        StoredPoint current = (await store.RetrieveAsync("docs", [4]))[0];
        byte[] header = Field(current, PayloadFields.EncryptedHeader), sealedBlob = Field(current, PayloadFields.EncryptedPayload);
        byte[] oldHeader = Field(saved, PayloadFields.EncryptedHeader), oldBlob = Field(saved, PayloadFields.EncryptedPayload);
        var docs = new EncryptedCollection(store, "docs", null);
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(4, revoked));
        Assert.Null(revoked.TryOpenClass(await ClassHeaderAsync(store, current)));
        Assert.ThrowsAny<VectaXException>(() => savedClass.Open(header, sealedBlob, Context(4)));
        Assert.ThrowsAny<VectaXException>(() => savedClass.Open(oldHeader, sealedBlob, Context(4)));
        Assert.ThrowsAny<VectaXException>(() => revoked.Open(savedClassHeader, oldHeader, sealedBlob, Context(4)));
        using (VectaXKey oldKey = savedClass.CreateSimilarityKey())
        using (var oldCipher = new VectorCipher(oldKey))
        {
            Assert.ThrowsAny<VectaXException>(() => oldCipher.Decrypt(current.Vector, PayloadFields.ReadMetadata(current), new float[D]));
        }

        SearchResults stale = await docs.SearchAsync(corpus[4], 5, revoked);
        Assert.Empty(stale);
        Assert.Equal(0, stale.AccessClasses);
        using UserKey renewed = epoch2.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research"));
        Assert.Equal("note 4", Encoding.UTF8.GetString((await docs.OpenAsync(4, renewed)).Payload));
        SearchResults found = await docs.SearchAsync(corpus[4], 1, renewed);
        Assert.Equal(4ul, found[0].Id);
        Assert.Equal(1, found.AccessClasses);

        // The registry keeps only the current epoch's classes.
        (IReadOnlyList<StoredPoint> registry, _) = await store.ScrollAsync(docs.ClassRegistry, null, 100);
        Assert.All(registry, e => Assert.Equal(2u, epoch2.OpenClass(Field(e, PayloadFields.ClassHeader)).Epoch));
        epoch1.Dispose();
    }

    [Fact]
    public async Task Lazy_revocation_keeps_the_data_key_so_a_saved_header_still_opens_the_blob()
    {
        (EmbeddedVectorStore store, RbacAuthority epoch1, _) = await SealedStoreAsync();
        using UserKey revoked = epoch1.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research"));
        StoredPoint saved = (await store.RetrieveAsync("docs", [4]))[0];
        byte[] savedClassHeader = await ClassHeaderAsync(store, saved);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        Assert.Equal(N, await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(reseal: false));

        StoredPoint current = (await store.RetrieveAsync("docs", [4]))[0];
        Assert.Equal(saved.Payload[PayloadFields.EncryptedPayload], current.Payload[PayloadFields.EncryptedPayload]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => new EncryptedCollection(store, "docs", null).OpenAsync(4, revoked));
        Assert.Equal("note 4", Encoding.UTF8.GetString(revoked.Open(savedClassHeader, Field(saved, PayloadFields.EncryptedHeader), Field(current, PayloadFields.EncryptedPayload), Context(4)).Payload));
        epoch1.Dispose();
    }

    [Fact]
    public async Task An_interrupted_revocation_resumes_from_the_reported_id()
    {
        (EmbeddedVectorStore store, RbacAuthority epoch1, float[][] corpus) = await SealedStoreAsync();
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        var failing = new FailingStore(store, failAfter: 3);
        ulong? resumeFrom = null;
        long before = 0;
        var progress = new Recorder(r => (before, resumeFrom) = (r.Rotated, r.ResumeFrom));
        await Assert.ThrowsAsync<StoreException>(() => new EncryptedCollection(failing, "docs", null, epoch2).RevokeAsync(pageSize: 8, progress: progress));
        Assert.NotNull(resumeFrom);
        Assert.InRange(before, 1, N - 1);

        long after = await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(resumeFrom: resumeFrom, pageSize: 8);
        Assert.Equal(N, before + after);
        using UserKey renewed = epoch2.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research,engineering"));
        var docs = new EncryptedCollection(store, "docs", null);
        for (ulong id = 0; id < N; id++)
        {
            Assert.Equal($"note {id}", Encoding.UTF8.GetString((await docs.OpenAsync(id, renewed)).Payload));
        }

        Assert.Equal(0, await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync());
        Assert.Equal(17ul, (await docs.SearchAsync(corpus[17], 1, renewed))[0].Id);
        epoch1.Dispose();
    }

    [Fact]
    public async Task A_revocation_resumed_from_too_high_an_id_still_moves_every_record()
    {
        (EmbeddedVectorStore store, RbacAuthority epoch1, float[][] corpus) = await SealedStoreAsync();
        using UserKey revoked = epoch1.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research,engineering"));
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        ulong? resumeFrom = null;
        var progress = new Recorder(r => resumeFrom = r.ResumeFrom);
        await Assert.ThrowsAsync<StoreException>(() => new EncryptedCollection(new FailingStore(store, failAfter: 2), "docs", null, epoch2).RevokeAsync(pageSize: 8, progress: progress));

        // The operator mistypes the id: the records between the reported id and the typed one were never moved.
        await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(resumeFrom: resumeFrom!.Value + 20, pageSize: 8);

        using UserKey renewed = epoch2.IssueUserKey(RbacFixture.Set(epoch1.Vocabulary, "departments=research,engineering"));
        var docs = new EncryptedCollection(store, "docs", null);
        for (ulong id = 0; id < N; id++)
        {
            Assert.Equal($"note {id}", Encoding.UTF8.GetString((await docs.OpenAsync(id, renewed)).Payload));
            await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(id, revoked));
        }

        ulong skippedOver = resumeFrom.Value + 1;
        Assert.Equal(skippedOver, (await docs.SearchAsync(corpus[skippedOver], 1, renewed))[0].Id);
        epoch1.Dispose();
    }

    private static async Task<(EmbeddedVectorStore Store, RbacAuthority Authority, float[][] Corpus)> SealedStoreAsync()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var store = new EmbeddedVectorStore();
        var collection = new EncryptedCollection(store, "docs", ring, authority);
        await collection.EnsureAsync();
        AttributeSet research = RbacFixture.Set(vocabulary, "departments=research"), engineering = RbacFixture.Set(vocabulary, "departments=engineering");
        float[][] corpus = TestData.Clustered(new Random(401), N, D);
        await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord((ulong)i, v, Payload: Encoding.UTF8.GetBytes($"note {i}"), Policy: i % 2 == 0 ? research : engineering)).ToList());
        return (store, authority, corpus);
    }

    private static byte[] Field(StoredPoint p, string name) => Convert.FromBase64String(p.Payload[name]);

    /// <summary>The whole class header of a point's class, from the registry (what a user saves to open it later).</summary>
    private static Task<byte[]> ClassHeaderAsync(IVectorStore store, StoredPoint p) =>
        new EncryptedCollection(store, "docs", null).ClassHeaderAsync(RbacHeaders.RecordClassTag(Field(p, PayloadFields.EncryptedHeader)));

    /// <summary>The collection's binding of a point: "docs" and the id, as EncryptedCollection writes it.</summary>
    private static byte[] Context(ulong id) => [4, 0, .. "docs"u8, .. BitConverter.GetBytes(id)];

    private sealed class Recorder(Action<RotationProgress> onReport) : IProgress<RotationProgress>
    {
        public void Report(RotationProgress value) => onReport(value);
    }

    /// <summary>Fails every upsert to the main collection after the first <c>failAfter</c>: a server that dies mid-way.</summary>
    private sealed class FailingStore(IVectorStore inner, int failAfter) : DelegatingStore(inner)
    {
        private int _upserts;

        public override Task UpsertAsync(string collection, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default) =>
            collection == "docs" && ++_upserts > failAfter ? throw new StoreException("the server went away") : base.UpsertAsync(collection, points, cancellationToken);
    }
}
