using System.Text;
using VectaX.Collections;
using VectaX.Qdrant;
using VectaX.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// Organisation-scale policies end to end (seal, store, user search, open, revoke) and what a store operator can do to
/// the class registry, run against each store.
/// </summary>
public abstract class BroadPolicyContract
{
    private const int D = 32;

    private static readonly PolicyVocabulary s_vocabulary = new(
    [
        new("departments", [.. Enumerable.Range(0, 100).Select(i => $"d{i}")]),
        new("roles", [.. Enumerable.Range(0, 10).Select(i => $"r{i}")]),
        new("groups", [.. Enumerable.Range(0, 1000).Select(i => $"g{i}")]),
    ]);

    private static readonly string s_fiftyByTen = "departments=" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"d{i}")) + ";roles=" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"r{i}"));
    private static readonly string s_hundredThousand = "departments=" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"d{i}")) + ";groups=" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"g{i}"));
    private static readonly string s_thousand = "departments=" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"d{i}")) + ";groups=" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"g{i}"));
    private static readonly string s_narrow = "departments=d99;roles=r9";

    private protected abstract Task<IVectorStore> CreateAsync();

    [Fact]
    public async Task A_500_and_a_100000_combination_policy_seal_search_open_and_revoke_end_to_end()
    {
        using RbacAuthority epoch1 = RbacAuthority.Create(s_vocabulary);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(16), 60, D);
        await WriteAsync(store, epoch1, corpus, s_hundredThousand);

        // A manager of one of the 50 departments, a person in 50 groups, and one who satisfies neither broad policy.
        using UserKey manager = epoch1.IssueUserKey(Set("departments=d7;roles=r3"));
        using UserKey member = epoch1.IssueUserKey(Set("departments=d60;groups=" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"g{i * 7}"))));
        using UserKey outsider = epoch1.IssueUserKey(Set("departments=d60;roles=r1"));
        Assert.Contains("combinations=", member.ToString(), StringComparison.Ordinal);

        var docs = new EncryptedCollection(store, "docs", null);
        await AssertSeesAsync(docs, manager, corpus, "500");
        await AssertSeesAsync(docs, member, corpus, "100000");
        SearchResults none = await docs.SearchAsync(corpus[0], 10, outsider);
        Assert.Empty(none);
        Assert.Equal(0, none.AccessClasses);
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(1, outsider));

        // The 100,000-combination class header is stored once: its record headers are 105 bytes like any other.
        StoredPoint broad = (await store.RetrieveAsync("docs", [1]))[0];
        Assert.Equal(RbacHeaders.RecordHeaderSize, Convert.FromBase64String(broad.Payload[PayloadFields.EncryptedHeader]).Length);
        byte[] classHeader = await docs.ClassHeaderAsync(broad.AccessTags[0]);
        Assert.Equal(131_072, RbacHeaders.ClassEntryCount(classHeader));

        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        Assert.Equal(60, await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync(pageSize: 16));
        Assert.Empty(await docs.SearchAsync(corpus[1], 5, member));
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(1, member));
        using UserKey renewed = epoch2.IssueUserKey(Set("departments=d60;groups=g0"));
        await AssertSeesAsync(docs, renewed, corpus, "100000");
        Assert.Equal(3, (await store.ScrollAsync(docs.ClassRegistry, null, 100)).Points.Count);
    }

    [Fact]
    public async Task Swapped_deleted_and_replayed_registry_entries_never_open_a_record_under_another_class()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(17), 60, D);
        await WriteAsync(store, authority, corpus, s_thousand);
        using UserKey both = authority.IssueUserKey(Set("departments=d7;roles=r3;groups=g5"));
        var docs = new EncryptedCollection(store, "docs", null);
        string tagA = (await store.RetrieveAsync("docs", [0]))[0].AccessTags[0], tagB = (await store.RetrieveAsync("docs", [1]))[0].AccessTags[0];
        StoredPoint entryA = (await store.RetrieveAsync(docs.ClassRegistry, [RbacHeaders.ClassKey(tagA)]))[0];
        StoredPoint entryB = (await store.RetrieveAsync(docs.ClassRegistry, [RbacHeaders.ClassKey(tagB)]))[0];

        // Swapped: each class's entry holds the other's header. Search still finds each class by what its header
        // opens to; a record looked up by its tag meets the other class and is refused.
        await store.UpsertAsync(docs.ClassRegistry, [entryA with { Id = entryB.Id }, entryB with { Id = entryA.Id }]);
        using (UserKey fresh = authority.IssueUserKey(Set("departments=d7;roles=r3;groups=g5")))
        {
            SearchResults found = await docs.SearchAsync(corpus[0], 10, fresh);
            Assert.Equal(2, found.AccessClasses);
            Assert.All(found, h => Assert.Contains(Encoding.UTF8.GetString(h.Payload!), new[] { "500", "100000" }));
            await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(0, fresh));
            await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(1, fresh));
        }

        // Deleted: the class drops out of searches and its records do not open, with an error that says why.
        await store.UpsertAsync(docs.ClassRegistry, [entryA, entryB]);
        await store.DeleteAsync(docs.ClassRegistry, [entryA.Id]);
        SearchResults withoutA = await docs.SearchAsync(corpus[0], 60, both);
        Assert.Equal(1, withoutA.AccessClasses);
        Assert.All(withoutA, h => Assert.Equal("100000", Encoding.UTF8.GetString(h.Payload!)));
        Assert.Contains("not in the class registry", (await Assert.ThrowsAsync<StoreException>(() => docs.OpenAsync(0, both))).Message);

        // A writer sealing under the policy again registers the class again: the old records open.
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        await new EncryptedCollection(store, "docs", ring, authority).UpsertAsync([new PlainRecord(500, corpus[0], Payload: "500"u8.ToArray(), Policy: Set(s_fiftyByTen))]);
        Assert.Equal("500", Encoding.UTF8.GetString((await docs.OpenAsync(0, both)).Payload));

        // Replayed: after a revocation, the old epoch's class headers put back open nothing current.
        using RbacAuthority epoch2 = authority.AtEpoch(2);
        await new EncryptedCollection(store, "docs", null, epoch2).RevokeAsync();
        await new EncryptedCollection(store, "docs", ring, authority).UpsertAsync([]);
        await store.UpsertAsync(docs.ClassRegistry, [entryA, entryB]);
        SearchResults replayed = await docs.SearchAsync(corpus[0], 10, both);
        Assert.Empty(replayed);
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(0, both));
        using UserKey current = epoch2.IssueUserKey(Set("departments=d7;roles=r3;groups=g5"));
        Assert.Equal(2, (await docs.SearchAsync(corpus[0], 10, current)).AccessClasses);
    }

    [Fact]
    public async Task An_entry_table_altered_then_repaired_lets_the_key_in_again_after_its_denial_lifetime()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(19), 60, D);
        await WriteAsync(store, authority, corpus, s_thousand);
        var docs = new EncryptedCollection(store, "docs", null);
        using UserKey both = authority.IssueUserKey(Set("departments=d7;roles=r3;groups=g5"));
        var clock = new ManualClock();
        both.Clock = clock;

        // The operator flips a bit of every label in the 50 x 10 class's entry table (one piece of 512 entries).
        string tag = (await store.RetrieveAsync("docs", [0]))[0].AccessTags[0];
        byte[] core = Convert.FromBase64String((await store.RetrieveAsync(docs.ClassRegistry, [RbacHeaders.ClassKey(tag)]))[0].Payload[PayloadFields.ClassHeader]);
        StoredPoint piece = Assert.Single(await store.RetrieveAsync(docs.ClassEntries, EncryptedCollection.PieceIds(core)));
        byte[] entries = Convert.FromBase64String(piece.Payload[PayloadFields.ClassEntries]);
        for (int at = 0; at < entries.Length; at += RbacHeaders.ClassEntrySize)
        {
            entries[at] ^= 1;
        }

        await store.UpsertAsync(docs.ClassEntries, [piece with { Payload = new Dictionary<string, string> { [PayloadFields.ClassEntries] = Convert.ToBase64String(entries) } }]);
        Assert.Equal(1, (await docs.SearchAsync(corpus[0], 10, both)).AccessClasses);
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(0, both));

        // Repaired: the denial stands while fresh, then the key looks again and opens the class.
        await store.UpsertAsync(docs.ClassEntries, [piece]);
        Assert.Equal(1, (await docs.SearchAsync(corpus[0], 10, both)).AccessClasses);
        clock.Advance(both.DenialLifetime);
        Assert.Equal(2, (await docs.SearchAsync(corpus[0], 10, both)).AccessClasses);
        Assert.Equal("500", Encoding.UTF8.GetString((await docs.OpenAsync(0, both)).Payload));
    }

    [Fact]
    public async Task A_user_who_edits_their_key_to_claim_more_opens_nothing_more()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        IVectorStore store = await CreateAsync();
        float[][] corpus = TestData.Clustered(new Random(18), 60, D);
        await WriteAsync(store, authority, corpus, s_thousand);
        var docs = new EncryptedCollection(store, "docs", null);
        using UserKey outsider = authority.IssueUserKey(Set("departments=d60;roles=r1"));

        // The attribute text is only a label: rewriting it to a manager's attributes changes nothing.
        using UserKey relabelled = new(Convert.FromHexString(outsider.AuthorityId), outsider.Epoch, Secrets(outsider), "departments=d7;roles=r3;groups=g0");
        Assert.Empty(await docs.SearchAsync(corpus[0], 10, relabelled));

        // Atomic keys made up by the user (random ones, or its own for another epoch) find no entry.
        byte[][] forged = [.. Secrets(outsider), .. Enumerable.Range(0, 1000).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))];
        using UserKey padded = new(Convert.FromHexString(outsider.AuthorityId), outsider.Epoch, forged, outsider.Attributes);
        SearchResults found = await docs.SearchAsync(corpus[0], 10, padded);
        Assert.Empty(found);
        Assert.Equal(0, found.AccessClasses);
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync(0, padded));
    }

    private static async Task AssertSeesAsync(EncryptedCollection docs, UserKey user, float[][] corpus, string payload)
    {
        int id = payload == "500" ? 0 : 1;
        SearchResults found = await docs.SearchAsync(corpus[id], 5, user);
        Assert.Equal((ulong)id, found[0].Id);
        Assert.All(found, h => Assert.Equal(payload, Encoding.UTF8.GetString(h.Payload!)));
        Assert.Equal(payload, Encoding.UTF8.GetString((await docs.OpenAsync((ulong)id, user)).Payload));
        await Assert.ThrowsAsync<AccessDeniedException>(() => docs.OpenAsync((ulong)(1 - id), user));
    }

    /// <summary>Ids 0, 3, 6, ... under the 50 x 10 policy, 1, 4, ... under <paramref name="broad"/> (payload "100000"), 2, 5, ... under a narrow one.</summary>
    private static async Task WriteAsync(IVectorStore store, RbacAuthority authority, float[][] corpus, string broad)
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var ring = new KeyRing([key], key.KeyId);
        var writer = new EncryptedCollection(store, "docs", ring, authority);
        await writer.EnsureAsync();
        string[] policies = [s_fiftyByTen, broad, s_narrow];
        string[] names = ["500", "100000", "narrow"];
        await writer.UpsertAsync([.. corpus.Select((v, i) => new PlainRecord((ulong)i, v, Payload: Encoding.UTF8.GetBytes(names[i % 3]), Policy: Set(policies[i % 3])))]);
    }

    private static AttributeSet Set(string text) => AttributeSetText.Parse(s_vocabulary, text);

    private static byte[][] Secrets(UserKey key) =>
        [.. ((byte[][])typeof(UserKey).GetField("_secrets", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(key)!).Select(s => (byte[])s.Clone())];
}

/// <summary>Broad policies on the embedded store.</summary>
public sealed class EmbeddedBroadPolicy : BroadPolicyContract
{
    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new EmbeddedVectorStore());
}

/// <summary>Broad policies through the Qdrant adapter over loopback gRPC to the in-process server.</summary>
public sealed class LoopbackQdrantBroadPolicy : BroadPolicyContract, IAsyncLifetime
{
    private FakeQdrant _server = null!;

    public async Task InitializeAsync() => _server = await FakeQdrant.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private protected override Task<IVectorStore> CreateAsync() => Task.FromResult<IVectorStore>(new QdrantVectorStore(_server.Address));
}
