using System.Reflection;
using System.Runtime.CompilerServices;

namespace VectaX.Tests.Files;

/// <summary>The files and embeddings libraries stand on the core alone: neither knows the CLI, and the core grants the CLI no internals.</summary>
public sealed class LibraryDependencyTests
{
    [Fact]
    public void The_files_and_embeddings_assemblies_reference_no_cli_store_or_device_assembly()
    {
        foreach (Assembly library in new[] { typeof(SecretFile).Assembly, typeof(PlainSearch).Assembly })
        {
            string[] references = [.. library.GetReferencedAssemblies().Select(a => a.Name!)];
            Assert.DoesNotContain(references, name => name is "VectaX.Cli" or "VectaX.Collections" or "VectaX.Qdrant" or "VectaX.Gpu");
        }

        Assert.DoesNotContain(typeof(SecretFile).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    [Fact]
    public void The_core_grants_the_cli_no_internals_and_the_cli_grants_the_evaluation_tool_none()
    {
        Assert.DoesNotContain(typeof(VectaXKey).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>(), a => a.AssemblyName is "VectaX.Cli" or "VectaX.Files" or "VectaX.Embeddings");
        Assert.DoesNotContain(typeof(VectaX.Cli.VectaxCommand).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>(), a => a.AssemblyName == "VectaX.Evaluate");
    }
}
