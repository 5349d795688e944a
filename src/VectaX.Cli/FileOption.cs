using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace VectaX.Cli;

/// <summary>How a command uses a file it is given.</summary>
internal enum FileUse
{
    /// <summary>Read; it must exist.</summary>
    Read,

    /// <summary>Written whole (replaced atomically if it exists); its folder must exist.</summary>
    Write,

    /// <summary>A secret written once: an existing file is replaced only with --force.</summary>
    Secret,

    /// <summary>Read if it exists, then written back (an embedded store).</summary>
    Update,
}

/// <summary>
/// Options that name files. Every command checks its file options the same way before it runs, so nothing is
/// written when one is wrong: inputs exist, outputs land in an existing folder and are not folders or devices, and
/// no two options name the same file, however the paths are spelt (./x, d/../x, symbolic links anywhere on the path).
/// </summary>
internal static class FileOption
{
    private static readonly ConditionalWeakTable<Option, StrongBox<FileUse>> s_uses = [];

    /// <summary>A file option of type string, string? or string[] (repeatable).</summary>
    public static Option<T> Create<T>(string name, FileUse use, string description, bool required = false)
    {
        var option = new Option<T>(name) { Description = description, Required = required };
        if (typeof(T) == typeof(string[]))
        {
            option.AllowMultipleArgumentsPerToken = true;
        }

        s_uses.Add(option, new StrongBox<FileUse>(use));
        return option;
    }

    /// <summary>Checks the file options of the command <paramref name="parsed"/> invokes; throws <see cref="ArgumentException"/> naming the option.</summary>
    public static void Check(ParseResult parsed)
    {
        var seen = new List<(string Option, string Given, string Resolved)>();
        foreach (OptionResult result in parsed.CommandResult.Children.OfType<OptionResult>())
        {
            if (!s_uses.TryGetValue(result.Option, out StrongBox<FileUse>? use))
            {
                continue;
            }

            string name = result.Option.Name;
            foreach (string path in result.Tokens.Select(t => t.Value))
            {
                CheckOne(name, path, use.Value, parsed);
                string resolved = Resolve(path);
                foreach ((string option, string given, string other) in seen)
                {
                    if (string.Equals(other, resolved, PathComparison))
                    {
                        throw new ArgumentException(option == name
                            ? $"{name} names the same file twice, {given}: give each its own file."
                            : $"{option} and {name} name the same file, {given}: give each its own file.");
                    }
                }

                seen.Add((name, path, resolved));
            }
        }
    }

    /// <summary>The file a path names: the full path with every symbolic link on it followed, as realpath(3) gives.</summary>
    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), 0);

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static void CheckOne(string name, string path, FileUse use, ParseResult parsed)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{name} is empty: give a file path.");
        }

        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{name} {path} is a folder: give a file.");
        }

        if (use == FileUse.Read)
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"{name} {path}: no such file.{(name == "--store" ? " ingest creates a store; check the path." : "")}");
            }

            return;
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"{name} {path}: the folder {folder} does not exist; create it first.");
        }

        if (IsDevice(Resolve(full)))
        {
            throw new ArgumentException($"{name} {path} is a device, not a file: give a file to write.");
        }

        if (use == FileUse.Secret && File.Exists(path) && !parsed.GetValue<bool>("--force"))
        {
            throw new ArgumentException($"{name} {path} exists: choose another {name}, or pass --force to replace it (replacing a key loses what it protects).");
        }
    }

    /// <summary>Device and kernel namespaces, which hold no files to replace.</summary>
    private static bool IsDevice(string resolved) =>
        OperatingSystem.IsWindows()
            ? resolved.StartsWith(@"\\.\", StringComparison.Ordinal)
            : (resolved.StartsWith("/dev/", StringComparison.Ordinal) && !resolved.StartsWith("/dev/shm/", StringComparison.Ordinal))
              || resolved.StartsWith("/proc/", StringComparison.Ordinal) || resolved.StartsWith("/sys/", StringComparison.Ordinal);

    private static string Resolve(string full, int depth)
    {
        // Walk the path a part at a time, following each link: a link to a folder changes every path below it.
        const int MaxLinks = 40;
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                if (depth >= MaxLinks)
                {
                    throw new IOException($"{full}: too many symbolic links.");
                }

                current = Resolve(Path.GetFullPath(target, Path.GetDirectoryName(current)!), depth + 1);
            }
        }

        return current;
    }
}
