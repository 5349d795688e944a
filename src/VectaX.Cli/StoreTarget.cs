using System.CommandLine;
using VectaX.Qdrant;

namespace VectaX.Cli;

/// <summary>The --store / --qdrant / --collection options the store commands share, and the collection they open.</summary>
internal sealed class StoreTarget
{
    private readonly Option<string?> _store = new("--store") { Description = "Embedded store file (loaded if it exists)." };
    private readonly Option<Uri?> _qdrant = new("--qdrant") { Description = "Qdrant gRPC endpoint instead of a store file, e.g. http://localhost:6334." };
    private readonly Option<string> _collection = new("--collection") { Description = "Collection name.", DefaultValueFactory = _ => "vectax" };

    public void AddTo(Command command)
    {
        command.Options.Add(_store);
        command.Options.Add(_qdrant);
        command.Options.Add(_collection);
    }

    /// <summary>The collection under <paramref name="keys"/> (and <paramref name="authority"/>, to seal), and how to persist the store afterwards (a no-op for Qdrant).</summary>
    public (EncryptedCollection Collection, Action Save) Open(ParseResult parsed, KeyRing keys, VectaX.Rbac.RbacAuthority? authority = null)
    {
        (IVectorStore store, string name, Action save) = OpenStore(parsed);
        return (new EncryptedCollection(store, name, keys, authority), save);
    }

    /// <summary>The raw store and collection name, for reading public fields without a key.</summary>
    public (IVectorStore Store, string Name, Action Save) OpenStore(ParseResult parsed)
    {
        string collection = parsed.GetValue(_collection)!;
        if (parsed.GetValue(_qdrant) is { } endpoint)
        {
            return (new QdrantVectorStore(endpoint), collection, () => { });
        }

        string path = parsed.GetValue(_store) is { Length: > 0 } p ? p : throw new ArgumentException("Give --store FILE (embedded store) or --qdrant URL.");
        EmbeddedVectorStore embedded = File.Exists(path) ? EmbeddedVectorStore.Load(path) : new EmbeddedVectorStore();
        return (embedded, collection, () => embedded.Save(path));
    }
}
