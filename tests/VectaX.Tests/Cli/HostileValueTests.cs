using System.CommandLine;
using System.Security.Cryptography;
using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>
/// Every option of every command, given each hostile value in turn while the rest of the command line is valid: the
/// command either accepts it or refuses it with exit 1 and one plain line on stderr, and a refusal leaves every file
/// as it was. The options come from the command tree itself, so an option added later is attacked too.
/// </summary>
public sealed class HostileValueTests : TempFolderTest
{
    private const string Dir = "{dir}";

    // Each command line succeeds as given; {dir} is the folder of the run.
    private static readonly Dictionary<string, string[]> s_baselines = new()
    {
        ["keygen"] = ["--dim", "4", "--out", $"{Dir}/new.key", "--transform", "fast", "--beta", "0.2", "--scale", "1", "--key-id", "5"],
        ["encrypt"] = ["--key", $"{Dir}/k.key", "--in", $"{Dir}/v.jsonl", "--out", $"{Dir}/new.jsonl", "--meta", $"{Dir}/new.meta.jsonl", "--device", "cpu"],
        ["decrypt"] = ["--key", $"{Dir}/k.key", "--in", $"{Dir}/c.jsonl", "--meta", $"{Dir}/m.jsonl", "--out", $"{Dir}/new.npy", "--device", "cpu"],
        ["embed"] = ["--in", $"{Dir}/t.txt", "--out", $"{Dir}/new.npy"],
        ["ingest"] = ["--key", $"{Dir}/k.key", "--in", $"{Dir}/v.jsonl", "--texts", $"{Dir}/t.txt", "--authority", $"{Dir}/a.json", "--policy", "roles=a", "--store", $"{Dir}/s.vxs", "--collection", "vectax", "--start-id", "100", "--skip", "0"],
        ["search"] = ["--key", $"{Dir}/k.key", "--authority", $"{Dir}/a.json", "--query", $"{Dir}/v.jsonl", "--store", $"{Dir}/s.vxs", "--collection", "vectax", "-k", "2"],
        ["rotate"] = ["--key", $"{Dir}/n.key", "--old-key", $"{Dir}/k.key", "--store", $"{Dir}/s.vxs", "--collection", "vectax", "--resume-from", "0"],
        ["rbac authority"] = ["--vocabulary", "roles=a,b", "--epoch", "1", "--out", $"{Dir}/new.json"],
        ["rbac vocabulary"] = ["--authority", $"{Dir}/a.json"],
        ["rbac issue"] = ["--authority", $"{Dir}/a.json", "--attributes", "roles=a", "--out", $"{Dir}/new.key"],
        ["rbac inspect"] = ["--store", $"{Dir}/s.vxs", "--collection", "vectax", "--id", "0"],
        ["rbac revoke"] = ["--authority", $"{Dir}/a.json", "--store", $"{Dir}/s.vxs", "--collection", "vectax", "--resume-from", "0"],
        ["bench"] = ["--dim", "8", "--count", "64", "--transform", "fast", "--device", "cpu"],
        ["demo"] = ["--count", "10", "--queries", "0"],
    };

    // Options whose hostile values would reach a server or another machine's resources.
    private static readonly HashSet<string> s_skipped = ["--qdrant", "--help", "--version", "-h", "-?", "/?", "--verbose"];

    [Fact]
    public void Every_option_of_every_command_accepts_a_hostile_value_or_refuses_it_in_one_plain_line_changing_nothing()
    {
        Fixture(Path("fixture"));
        string[] hostile = ["0", "-1", "2147483647", "NaN", "", Dir + "/folder", "/dev/null", Dir + "/binary.jsonl", Dir + "/missing/x.jsonl"];
        var failures = new List<string>();
        int run = 0;
        foreach (Command command in Commands(VectaxCommand.Tree(TextWriter.Null, TextWriter.Null)))
        {
            string name = Name(command);
            string[] baseline = s_baselines[name];
            Assert.True(Attempt(name, baseline, run++, out string why) == 0, $"{name} baseline: {why}");
            foreach (Option option in command.Options.Where(o => !s_skipped.Contains(o.Name)))
            {
                foreach (string value in hostile)
                {
                    string[] args = With(baseline, option.Name, value);
                    if (Attempt(name, args, run++, out string problem, option.Name, value) != 0 && problem.Length > 0)
                    {
                        failures.Add($"{name} {string.Join(' ', args)}: {problem}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Runs one command line in a fresh copy of the fixture; returns its exit code and, when that breaks the rules, why.
    /// A refusal of <paramref name="option"/>'s <paramref name="value"/> must name one of them.
    /// </summary>
    private int Attempt(string name, string[] args, int run, out string problem, string? option = null, string? value = null)
    {
        string dir = Path($"run{run}");
        CopyFolder(Path("fixture"), dir);
        Dictionary<string, string> before = Snapshot(dir);
        string[] line = [.. name.Split(' '), .. args.Select(a => a.Replace(Dir, dir, StringComparison.Ordinal))];
        string[] here = Directory.GetFiles("."), written = [];
        int code;
        string error;
        try
        {
            code = Cli.Run(out _, out error, line);
        }
        catch (Exception e)
        {
            problem = $"threw {e.GetType().Name}: {e.Message}";
            return -1;
        }
        finally
        {
            // A bare value given as an output (--out 0) is a file in the working folder: accepted, then removed.
            written = [.. Directory.GetFiles(".").Except(here)];
            Array.ForEach(written, File.Delete);
        }

        string[] lines = error.Trim().Split('\n');
        Dictionary<string, string> after = Snapshot(dir);
        problem = code switch
        {
            0 => after.Keys.Any(f => f.EndsWith(".partial", StringComparison.Ordinal)) ? "left a partial file" : "",
            not 1 => $"exit {code}: {error.Trim()}",
            _ when written.Length > 0 => $"refused but wrote {string.Join(", ", written)}",
            _ when lines.Length != 1 || !lines[0].StartsWith("vectax: ", StringComparison.Ordinal) => $"not one line: {error.Trim()}",
            _ when option is not null && !error.Contains(option, StringComparison.Ordinal) && !error.Contains(value!.Length == 0 ? "''" : value.Replace(Dir, dir, StringComparison.Ordinal), StringComparison.Ordinal) => $"names neither {option} nor its value: {error.Trim()}",
            _ when new[] { "   at ", "(Parameter", "Actual value", "`1", ".partial", "System." }.FirstOrDefault(error.Contains) is { } leak => $"'{leak}' in: {error.Trim()}",
            _ when !before.OrderBy(kv => kv.Key).SequenceEqual(after.OrderBy(kv => kv.Key)) => $"changed files ({string.Join(", ", after.Keys.Except(before.Keys))}): {error.Trim()}",
            _ => "",
        };
        Directory.Delete(dir, recursive: true);
        return code;
    }

    private static void Fixture(string dir)
    {
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(System.IO.Path.Combine(dir, "folder"));
        string F(string file) => System.IO.Path.Combine(dir, file);
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "4", "--out", F("k.key")));
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "4", "--out", F("n.key")));
        VectorFile.Write(F("v.jsonl"), [[1, 0, 0, 0], [0, 1, 0, 0]]);
        File.WriteAllText(F("t.txt"), "first note\nsecond note\n");
        File.WriteAllBytes(F("binary.jsonl"), [.. RandomNumberGenerator.GetBytes(256), 0, 0xFF]);
        Assert.Equal(0, Cli.Run(out _, out _, "encrypt", "--key", F("k.key"), "--in", F("v.jsonl"), "--out", F("c.jsonl"), "--meta", F("m.jsonl")));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", "roles=a,b", "--out", F("a.json")));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "issue", "--authority", F("a.json"), "--attributes", "roles=a", "--out", F("u.key")));
        Assert.Equal(0, Cli.Run(out _, out _, "ingest", "--key", F("k.key"), "--in", F("v.jsonl"), "--texts", F("t.txt"), "--authority", F("a.json"), "--policy", "roles=a", "--store", F("s.vxs")));
    }

    private static IEnumerable<Command> Commands(Command root) =>
        root.Subcommands.SelectMany(c => c.Subcommands.Count > 0 ? Commands(c) : [c]);

    private static string Name(Command command) => command.Parents.OfType<Command>().FirstOrDefault() is { Name: not "vectax" } parent ? $"{parent.Name} {command.Name}" : command.Name;

    /// <summary>The baseline with the option's value replaced, or the option appended with it.</summary>
    private static string[] With(string[] baseline, string option, string value)
    {
        int at = Array.IndexOf(baseline, option);
        if (at < 0)
        {
            return [.. baseline, option, value];
        }

        string[] args = [.. baseline];
        args[at + 1] = value;
        return args;
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f[dir.Length..], f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string entry in Directory.GetFileSystemEntries(from))
        {
            string target = System.IO.Path.Combine(to, System.IO.Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                CopyFolder(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }
}
