using System.Reflection;
using System.Runtime.CompilerServices;
using VectaX.Gpu;
using VectaX.Kernels;

namespace VectaX.Tests.Gpu;

/// <summary>The GPU project is a client of the core's and the kernels' public API; internals are only for tests and benchmarks.</summary>
public class GpuDependencyTests
{
    private static readonly string[] TestsAndBenchmarks = ["VectaX.Tests", "VectaX.Tests.Arm64", "VectaX.Benchmarks"];

    [Fact]
    public void Neither_the_core_nor_the_kernels_grant_the_gpu_project_internals_and_the_kernels_grant_them_only_to_tests()
    {
        Assert.DoesNotContain(Grants(typeof(VectaXKey).Assembly), name => name == "VectaX.Gpu");
        Assert.All(Grants(typeof(KernelSet).Assembly), name => Assert.Contains(name, TestsAndBenchmarks));
    }

    [Fact]
    public void The_gpu_error_lives_with_the_gpu_code()
    {
        Assert.Equal(typeof(GpuCipher).Assembly, typeof(AcceleratorUnavailableException).Assembly);
        Assert.DoesNotContain(typeof(VectaXKey).Assembly.GetExportedTypes(), t => t.Name.Contains("Accelerator", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Grants(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
}
