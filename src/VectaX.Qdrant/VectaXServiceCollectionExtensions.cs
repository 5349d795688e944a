using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VectaX.Collections;

namespace VectaX.Qdrant;

/// <summary>Dependency-injection registration: a <see cref="KeyRing"/>, an <see cref="IVectorStore"/> and an <see cref="EncryptedCollection"/>.</summary>
public static class VectaXServiceCollectionExtensions
{
    /// <summary>
    /// Registers VectaX with options bound from <paramref name="configuration"/> (its "VectaX" section): the
    /// embedded store unless <see cref="VectaXOptions.QdrantUrl"/> is set, opened by <see cref="VectorStoreFactory"/>.
    /// Services are singletons.
    /// </summary>
    public static IServiceCollection AddVectaX(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VectaXOptions>().Bind(configuration.GetSection(VectaXOptions.Section));
        services.AddSingleton(provider => CreateRing(provider.GetRequiredService<IOptions<VectaXOptions>>().Value));
        services.AddSingleton(provider => CreateStore(provider.GetRequiredService<IOptions<VectaXOptions>>().Value, Logger(provider)));
        services.AddSingleton(provider =>
        {
            VectaXOptions options = provider.GetRequiredService<IOptions<VectaXOptions>>().Value;
            return new EncryptedCollection(provider.GetRequiredService<IVectorStore>(), options.Collection, provider.GetRequiredService<KeyRing>()) { RerankFactor = options.RerankFactor };
        });
        return services;
    }

    private static ILogger Logger(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger("VectaX") ?? NullLogger.Instance;

    private static KeyRing CreateRing(VectaXOptions options)
    {
        VectaXKey active = options.KeyFile is { Length: > 0 } file ? VectaXKey.Load(file)
            : options.KeyBase64 is { Length: > 0 } base64 ? VectaXKey.FromBase64(base64)
            : throw new InvalidOperationException($"VectaX needs a key: set {VectaXOptions.Section}:KeyFile or {VectaXOptions.Section}:KeyBase64.");
        var keys = new List<VectaXKey> { active };
        keys.AddRange(options.RetiredKeyFiles.Select(VectaXKey.Load));
        try
        {
            return new KeyRing(keys, active.KeyId);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    private static IVectorStore CreateStore(VectaXOptions options, ILogger logger) => VectorStoreFactory.Open(
        new StoreLocation
        {
            Collection = options.Collection,
            Server = options.QdrantUrl,
            Connector = options.QdrantUrl is null ? null : new QdrantConnector(new QdrantStoreOptions
            {
                ApiKey = options.QdrantApiKey,
                CallTimeout = options.QdrantCallTimeout,
                MaxResponseBytes = options.QdrantMaxResponseBytes,
                HnswEf = options.QdrantHnswEf,
                ExactSearch = options.QdrantExactSearch,
            }),
            File = options.EmbeddedStorePath,
        },
        logger);
}
