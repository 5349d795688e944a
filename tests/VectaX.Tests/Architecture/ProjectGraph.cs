using System.Xml.Linq;

namespace VectaX.Tests.Architecture;

/// <summary>The repository's projects and what each references, read from the .csproj files.</summary>
internal sealed record ProjectGraph(IReadOnlyList<ProjectNode> Projects)
{
    private static readonly string[] s_folders = ["src", "tools", "bench", "tests"];

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VectaX.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VectaX.sln was not found above the test binaries.");
    }

    public static ProjectGraph Load(string root)
    {
        var projects = new List<ProjectNode>();
        foreach (string folder in s_folders)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                var xml = XDocument.Load(file);
                projects.Add(new ProjectNode(
                    Path.GetFileNameWithoutExtension(file),
                    folder,
                    Names(xml, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).ToArray(),
                    Names(xml, "PackageReference"),
                    Names(xml, "InternalsVisibleTo")));
            }
        }

        return new ProjectGraph(projects);
    }

    public ProjectNode this[string name] => Projects.Single(p => p.Name == name);

    /// <summary>Every project <paramref name="name"/> reaches through project references, itself excluded.</summary>
    public IReadOnlySet<string> Reachable(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<string>(this[name].References);
        while (work.TryPop(out string? next))
        {
            if (seen.Add(next) && Projects.Any(p => p.Name == next))
            {
                foreach (string r in this[next].References)
                {
                    work.Push(r);
                }
            }
        }

        return seen;
    }

    private static string[] Names(XDocument xml, string item) =>
        xml.Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>().Order(StringComparer.Ordinal).ToArray();
}

/// <summary>One project: its folder (src, tools, bench, tests), project references, packages and InternalsVisibleTo.</summary>
internal sealed record ProjectNode(string Name, string Folder, string[] References, string[] Packages, string[] InternalsVisibleTo);
