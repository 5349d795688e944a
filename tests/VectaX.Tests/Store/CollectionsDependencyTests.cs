using System.Reflection;
using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>The collections layer is store-neutral: its assembly loads no gRPC, Protobuf or Qdrant code, and not the Qdrant adapter.</summary>
public sealed class CollectionsDependencyTests
{
    [Fact]
    public void The_collections_assembly_references_no_grpc_protobuf_or_qdrant_assembly()
    {
        string[] references = [.. typeof(EncryptedCollection).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.Contains("VectaX", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Grpc", StringComparison.Ordinal)
            || name.StartsWith("Google.Protobuf", StringComparison.Ordinal)
            || name.StartsWith("Qdrant", StringComparison.Ordinal)
            || name == "VectaX.Qdrant");
    }

    [Fact]
    public void The_core_does_not_know_the_collections_or_the_adapter()
    {
        AssemblyName[] references = typeof(VectaXKey).Assembly.GetReferencedAssemblies();

        Assert.DoesNotContain(references, a => a.Name is "VectaX.Collections" or "VectaX.Qdrant");
        Assert.DoesNotContain(typeof(VectaXKey).Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>(), a => a.AssemblyName is "VectaX.Collections" or "VectaX.Qdrant");
    }
}
