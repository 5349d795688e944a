using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>A fixed test key, its ring and an embedded store, with encrypted collections over that store.</summary>
internal sealed class OneKeyCollection : IDisposable
{
    public const int D = 32;

    private readonly VectaXKey _key = TestData.Key(D, TransformKind.Fast);

    public OneKeyCollection(IVectorStore? store = null)
    {
        Ring = new KeyRing([_key], _key.KeyId);
        Store = store ?? new EmbeddedVectorStore();
    }

    public KeyRing Ring { get; }

    public IVectorStore Store { get; }

    /// <summary>The collection <paramref name="name"/>, created in the store.</summary>
    public async Task<EncryptedCollection> CollectionAsync(string name = "a", IRevisionLedger? ledger = null)
    {
        var collection = new EncryptedCollection(Store, name, Ring) { Ledger = ledger };
        await collection.EnsureAsync();
        return collection;
    }

    /// <summary>The stored point <paramref name="id"/> of collection <paramref name="name"/>, as the store holds it.</summary>
    public async Task<StoredPoint> StoredAsync(ulong id, string name = "a") => (await Store.RetrieveAsync(name, [id])).Single();

    public static float[][] Vectors(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => TestData.Unit(random, D)).ToArray();
    }

    public void Dispose()
    {
        Ring.Dispose();
        _key.Dispose();
    }
}
