using System.Text;
using VectaX.Collections;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Store;

/// <summary>
/// A collection of random unit records in a store: record i has the public field title = "t{i}" and, under the
/// policy <c>policy(i)</c> (none when null), the private payload "p{i}"; an analyst key opens "roles=analyst" policies.
/// </summary>
internal sealed class RbacCorpus : IAsyncDisposable
{
    private RbacCorpus(VectaXKey key, RbacAuthority authority, UserKey analyst, IVectorStore store, string name, float[][] vectors)
    {
        Key = key;
        Ring = new KeyRing([key], key.KeyId);
        Authority = authority;
        Analyst = analyst;
        Collection = new EncryptedCollection(store, name, Ring, authority);
        Vectors = vectors;
    }

    public VectaXKey Key { get; }

    public KeyRing Ring { get; }

    public RbacAuthority Authority { get; }

    public UserKey Analyst { get; }

    public EncryptedCollection Collection { get; }

    public float[][] Vectors { get; }

    public static async Task<RbacCorpus> IngestAsync(IVectorStore store, string name, int dimension, int count, Func<int, string?> policy, uint keyId = 7)
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        RbacAuthority authority = RbacAuthority.Create(vocabulary);
        UserKey analyst = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        VectaXKey key = TestData.Key(dimension, TransformKind.Fast, keyId: keyId, seed: 1);
        var random = new Random(dimension + count);
        float[][] vectors = Enumerable.Range(0, count).Select(_ => TestData.Unit(random, dimension)).ToArray();
        var corpus = new RbacCorpus(key, authority, analyst, store, name, vectors);
        await corpus.Collection.EnsureAsync();
        foreach (PlainRecord[] chunk in vectors.Select((v, i) => Record(vocabulary, i, v, policy(i))).Chunk(64))
        {
            await corpus.Collection.UpsertAsync(chunk);
        }

        return corpus;
    }

    public ValueTask DisposeAsync()
    {
        Analyst.Dispose();
        Authority.Dispose();
        Ring.Dispose();
        Key.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PlainRecord Record(PolicyVocabulary vocabulary, int i, float[] vector, string? policy) =>
        policy is null
            ? new PlainRecord((ulong)i, vector, new Dictionary<string, string> { ["title"] = $"t{i}" })
            : new PlainRecord((ulong)i, vector, new Dictionary<string, string> { ["title"] = $"t{i}" }, Encoding.UTF8.GetBytes($"p{i}"), RbacFixture.Set(vocabulary, policy));
}
