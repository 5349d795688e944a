namespace VectaX.Tests.Architecture;

/// <summary>The edges docs/ARCHITECTURE.md forbids; each rule returns the offending edges as readable lines.</summary>
internal static class ArchitectureRules
{
    /// <summary>The engine's core: it knows no store, device, file format or command line.</summary>
    public static readonly string[] Core = ["VectaX.Kernels", "VectaX"];

    /// <summary>Adapters to one store or device; only composition roots (the CLI, tools, tests) reference them.</summary>
    public static readonly string[] Adapters = ["VectaX.Qdrant", "VectaX.Gpu"];

    /// <summary>The only project that may speak gRPC, Protobuf or Qdrant.Client.</summary>
    public const string QdrantAdapter = "VectaX.Qdrant";

    public const string Cli = "VectaX.Cli";

    private static readonly string[] s_testAssemblies = ["VectaX.Tests", "VectaX.Tests.Arm64", "VectaX.Benchmarks"];

    public static IEnumerable<string> Violations(ProjectGraph graph)
    {
        foreach (ProjectNode project in graph.Projects)
        {
            bool shipped = project.Folder is "src" or "tools";
            if (Core.Contains(project.Name))
            {
                foreach (string reached in graph.Reachable(project.Name).Where(r => !Core.Contains(r)))
                {
                    yield return $"{project.Name} -> {reached}: the core references a layer above it";
                }
            }

            if (shipped && project.Name != Cli && project.Folder == "src" && !Adapters.Contains(project.Name) && !Core.Contains(project.Name))
            {
                foreach (string reached in graph.Reachable(project.Name).Where(Adapters.Contains))
                {
                    yield return $"{project.Name} -> {reached}: a library depends on one store or device";
                }
            }

            if (shipped && project.Name != QdrantAdapter)
            {
                foreach (string package in project.Packages.Where(IsGrpc))
                {
                    yield return $"{project.Name} -> {package}: only {QdrantAdapter} may reference gRPC, Protobuf or Qdrant.Client";
                }
            }

            if (shipped && project.Name != Cli && graph.Reachable(project.Name).Contains(Cli))
            {
                yield return $"{project.Name} -> {Cli}: libraries and tools must not depend on the command line";
            }

            if (shipped)
            {
                foreach (string friend in project.InternalsVisibleTo.Where(f => !s_testAssemblies.Contains(f)))
                {
                    yield return $"{project.Name} -> InternalsVisibleTo {friend}: internals are for tests and benchmarks only";
                }
            }
        }
    }

    private static bool IsGrpc(string package) =>
        package.StartsWith("Grpc.", StringComparison.Ordinal) || package is "Google.Protobuf" or "Qdrant.Client";
}
