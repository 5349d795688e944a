using System.CommandLine;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Cli;

/// <summary>The --store / --qdrant / --collection options the store commands share, and the store they open; a command that <paramref name="writes"/> opens a store file as its one writer.</summary>
internal sealed class StoreTarget(FileUse use, bool writes = false)
{
    /// <summary>Where a Qdrant API key is read from: an environment variable, so it stays out of shell history and process lists.</summary>
    public const string ApiKeyVariable = "QDRANT_API_KEY";

    private readonly Option<string?> _store = FileOption.Create<string?>("--store", use, use == FileUse.Read ? "Embedded store file." : "Embedded store file (created if absent).");
    private readonly Option<string?> _qdrant = new("--qdrant") { Description = $"Qdrant gRPC endpoint instead of a store file, e.g. http://localhost:6334 (API key from ${ApiKeyVariable})." };
    private readonly Option<string> _collection = new("--collection") { Description = "Collection name.", DefaultValueFactory = _ => "vectax" };

    public void AddTo(Command command)
    {
        command.Options.Add(_store);
        command.Options.Add(_qdrant);
        command.Options.Add(_collection);
    }

    /// <summary>The store the options name, opened by <see cref="VectorStoreFactory"/>: a Qdrant endpoint, or an embedded store file (loaded if it exists).</summary>
    public Session Open(ParseResult parsed)
    {
        string collection = parsed.GetValue(_collection) is { Length: > 0 } name ? name : throw new ArgumentException("--collection is empty: give a collection name.");
        StoreLocation location;
        if (parsed.GetValue(_qdrant) is { } address)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"--qdrant '{address}' is not an http(s) URL such as http://localhost:6334.");
            }

            location = new StoreLocation
            {
                Collection = collection,
                Server = endpoint,
                Connector = new QdrantConnector(new QdrantStoreOptions { ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable) }),
            };
        }
        else
        {
            // A writer's every batch is on disk when acknowledged; at the end its file is compacted if mostly superseded.
            string path = parsed.GetValue(_store) is { Length: > 0 } p ? p : throw new ArgumentException("Give --store FILE (embedded store) or --qdrant URL.");
            location = new StoreLocation { Collection = collection, File = path, Writer = writes };
        }

        IVectorStore store = VectorStoreFactory.Open(location);
        Action save = store is EmbeddedVectorStore embedded ? () => embedded.CompactIfWasteful() : () => { };
        return new Session(store, collection, save, store as IDisposable);
    }

    /// <summary>An open store and collection name; <see cref="Save"/> tidies a store file once the writes are done (a no-op for Qdrant).</summary>
    public sealed class Session(IVectorStore store, string name, Action save, IDisposable? connection) : IDisposable
    {
        public IVectorStore Store => store;

        public string Name => name;

        public void Save() => save();

        /// <summary>The collection under <paramref name="keys"/> (none: user-key searches only) and <paramref name="authority"/> (to seal, revoke, or search every class).</summary>
        public EncryptedCollection Collection(KeyRing? keys, VectaX.Rbac.RbacAuthority? authority = null) => new(store, name, keys, authority);

        public void Dispose() => connection?.Dispose();
    }
}
