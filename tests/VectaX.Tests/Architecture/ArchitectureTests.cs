namespace VectaX.Tests.Architecture;

/// <summary>The project graph obeys docs/ARCHITECTURE.md, and the diagram there is the graph as it is.</summary>
public sealed class ArchitectureTests
{
    private static readonly string s_root = ProjectGraph.RepositoryRoot();

    [Fact]
    public void No_project_reference_crosses_a_forbidden_edge()
    {
        string[] violations = ArchitectureRules.Violations(ProjectGraph.Load(s_root)).ToArray();
        Assert.True(violations.Length == 0, "Forbidden edges:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_rules_name_each_kind_of_forbidden_edge()
    {
        var graph = new ProjectGraph(
        [
            new ProjectNode("VectaX.Kernels", "src", [], [], []),
            new ProjectNode("VectaX", "src", ["VectaX.Kernels", "VectaX.Gpu"], [], ["VectaX.Cli"]),
            new ProjectNode("VectaX.Gpu", "src", ["VectaX"], [], []),
            new ProjectNode("VectaX.Collections", "src", ["VectaX"], ["Grpc.Net.Client"], []),
            new ProjectNode("VectaX.Files", "src", ["VectaX", "VectaX.Gpu"], [], []),
            new ProjectNode("VectaX.Qdrant", "src", ["VectaX.Collections"], ["Qdrant.Client", "Google.Protobuf"], ["VectaX.Tests"]),
            new ProjectNode("VectaX.Cli", "src", ["VectaX.Qdrant"], [], []),
            new ProjectNode("VectaX.Evaluate", "tools", ["VectaX.Cli"], [], []),
            new ProjectNode("VectaX.Tests", "tests", ["VectaX.Cli"], ["Grpc.AspNetCore"], []),
        ]);

        string[] violations = ArchitectureRules.Violations(graph).ToArray();

        Assert.Equal(
        [
            "VectaX -> VectaX.Gpu: the core references a layer above it",
            "VectaX -> InternalsVisibleTo VectaX.Cli: internals are for tests and benchmarks only",
            "VectaX.Collections -> VectaX.Gpu: a library depends on one store or device", // through the core's bad edge
            "VectaX.Collections -> Grpc.Net.Client: only VectaX.Qdrant may reference gRPC, Protobuf or Qdrant.Client",
            "VectaX.Files -> VectaX.Gpu: a library depends on one store or device",
            "VectaX.Evaluate -> VectaX.Cli: libraries and tools must not depend on the command line",
        ], violations);
    }

    [Fact]
    public void The_diagram_in_ARCHITECTURE_md_is_generated_from_the_projects()
    {
        string path = Path.Combine(s_root, "docs", "ARCHITECTURE.md");
        string rendered = ArchitectureDiagram.Render(ProjectGraph.Load(s_root));
        string document = File.ReadAllText(path);
        string? block = ArchitectureDiagram.Extract(document);
        Assert.True(block is not null, "docs/ARCHITECTURE.md lacks the generated block's markers.");
        if (Environment.GetEnvironmentVariable("VECTAX_WRITE_ARCHITECTURE") == "1")
        {
            File.WriteAllText(path, document.Replace(block, rendered, StringComparison.Ordinal));
            return;
        }

        Assert.True(block == rendered, "docs/ARCHITECTURE.md's diagram is stale: run tools/architecture.sh and commit the result.");
    }
}
