using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace VectaX.Qdrant;

/// <summary>
/// A gRPC channel built here rather than by Qdrant.Client, whose channel receives at most 4 MiB a message: this one
/// receives <see cref="QdrantStoreOptions.MaxResponseBytes"/>, sends the API key as call metadata on every call
/// (which, unlike call credentials, also works over plain http), and gives every call the configured deadline.
/// </summary>
internal sealed class QdrantConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public QdrantConnection(Uri endpoint, QdrantStoreOptions options)
    {
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { MaxReceiveMessageSize = options.MaxResponseBytes });
        string? apiKey = options.ApiKey;
        CallInvoker invoker = _channel.Intercept(metadata =>
        {
            if (apiKey is not null)
            {
                metadata.Add("api-key", apiKey);
            }

            return metadata;
        });
        Client = new QdrantClient(new QdrantGrpcClient(invoker), options.CallTimeout);
    }

    public QdrantClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }
}
