using System.Reflection;
using System.Runtime.CompilerServices;
using VectaX.Kernels;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>RBAC is its own assembly, built on the core's and the kernels' public API: neither grants it internals, and the core does not know it.</summary>
public sealed class RbacDependencyTests
{
    [Fact]
    public void The_rbac_assembly_references_only_the_core_the_kernels_and_the_runtime()
    {
        Assembly rbac = typeof(RbacAuthority).Assembly;
        Assert.Equal("VectaX.Rbac", rbac.GetName().Name);
        Assert.Equal("VectaX.Rbac", typeof(RbacAuthority).Namespace);
        string[] references = [.. rbac.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("VectaX", references);
        Assert.All(references, name => Assert.True(name is "VectaX" or "VectaX.Kernels" || name.StartsWith("System", StringComparison.Ordinal), name));
        Assert.Same(rbac, typeof(AccessDeniedException).Assembly);
        Assert.Same(rbac, typeof(InvalidPolicyException).Assembly);
    }

    [Fact]
    public void The_core_and_the_kernels_neither_know_rbac_nor_grant_it_internals()
    {
        foreach (Assembly lower in new[] { typeof(VectaXKey).Assembly, typeof(AesCtr).Assembly })
        {
            Assert.DoesNotContain(lower.GetReferencedAssemblies(), a => a.Name == "VectaX.Rbac");
            Assert.DoesNotContain(lower.GetCustomAttributes<InternalsVisibleToAttribute>(), a => a.AssemblyName == "VectaX.Rbac");
        }
    }
}
