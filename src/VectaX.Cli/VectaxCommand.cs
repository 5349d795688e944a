using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace VectaX.Cli;

/// <summary>
/// The vectax commands. Bad input gets a one-line message on stderr and exit code 1 (a stack trace only with
/// --verbose); a cancelled command cleans up and exits 130.
/// </summary>
internal static class VectaxCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        bool verbose = args.Contains("--verbose");
        Command root = Tree(output, error, progressLines: verbose);
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            error.WriteLine($"vectax: {string.Join(" ", parsed.Errors.Select(e => e.Message))} (see --help)");
            return 1;
        }

        try
        {
            FileOption.Check(parsed);

            // The caller owns signals (ProcessTerminationTimeout = null): the library's handler would exit before
            // the command had cleaned up.
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return parsed.InvokeAsync(configuration, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is VectaXException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(verbose ? e.ToString() : $"vectax: {Sentence(e)}");
            return 1;
        }
        catch (OperationCanceledException e)
        {
            error.WriteLine($"vectax: {(e is CancelledException ? e.Message : "cancelled.")}");
            return 130;
        }
        catch (Exception e)
        {
            // A fault of the tool, not of the input: still one line, and a distinct exit code.
            error.WriteLine(verbose ? e.ToString() : $"vectax: internal error ({e.GetType().Name}): {Sentence(e)} Rerun with --verbose for the stack trace.");
            return 2;
        }
    }

    /// <summary>Every command and option, numbers parsed alike; results go to <paramref name="output"/>, progress to <paramref name="error"/> (as plain lines off a terminal if <paramref name="progressLines"/>).</summary>
    public static Command Tree(TextWriter output, TextWriter error, bool progressLines = false)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces of errors, and progress lines when stderr is not a terminal.", Recursive = true };
        // A named root, so help says "vectax" however the tool is started (dotnet run, the dll, the tool shim).
        var root = new Command("vectax", "vectax: similarity-preserving encryption of vector embeddings") { verbose, new HelpOption(), new VersionOption() };
        var progress = new ProgressDisplay(error) { Lines = progressLines };
        root.Subcommands.Add(Keygen(output));
        root.Subcommands.Add(CipherCommands.Encrypt(output, progress));
        root.Subcommands.Add(CipherCommands.Decrypt(output, progress));
        root.Subcommands.Add(EmbedCommand.Create(output, progress));
        root.Subcommands.Add(StoreCommands.Ingest(output, progress));
        root.Subcommands.Add(StoreCommands.Search(output, progress));
        root.Subcommands.Add(StoreCommands.Rotate(output, progress));
        root.Subcommands.Add(RbacCommands.Create(output, progress));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output, progress));
        NumberOption.Install(root);
        return root;
    }

    /// <summary>An error as one line, without the parameter name and actual value .NET appends to argument errors.</summary>
    public static string Sentence(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            int at = message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal);
            message = at >= 0 ? message[..at] : message;
        }

        return message.ReplaceLineEndings(" ");
    }

    private static Command Keygen(TextWriter output)
    {
        var dim = new Option<int>("--dim") { Description = "Vector dimension.", Required = true }.Within(1, VectaXKey.MaxDimension);
        var transform = new Option<string>("--transform") { Description = "fast or dense.", DefaultValueFactory = _ => "fast" };
        var beta = new Option<float>("--beta") { Description = "Noise level (distances kept within beta/2).", DefaultValueFactory = _ => VectaXKey.DefaultBeta }.Where(b => b >= 0, "a number from 0 up");
        var scale = new Option<float>("--scale") { Description = "Scale s.", DefaultValueFactory = _ => 1f }.Where(s => s >= VectaXKey.MinimumScale, $"a number from {VectaXKey.MinimumScale} up");
        var keyId = new Option<uint?>("--key-id") { Description = "Key id (random if absent)." };
        var outPath = FileOption.Create<string>("--out", FileUse.Secret, "Key file to write (owner-only).", required: true);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key file." };
        var weak = new Option<bool>("--allow-weak-noise") { Description = $"Accept --beta below {VectaXKey.MinimumBeta} (almost no noise; for measurements)." };
        var command = new Command("keygen", "Generate a secret key file.") { dim, transform, beta, scale, keyId, outPath, force, weak };
        command.SetAction(p =>
        {
            TransformKind kind = ParseTransform(p.GetValue(transform)!);
            using VectaXKey key = VectaXKey.Generate(p.GetValue(dim), kind, p.GetValue(beta), p.GetValue(scale), p.GetValue(keyId), p.GetValue(weak));
            SecretFile.Write(p.GetValue(outPath)!, key, p.GetValue(force));
            output.WriteLine($"wrote {key} to {p.GetValue(outPath)}");
            return 0;
        });
        return command;
    }

    /// <summary>The --transform option's value.</summary>
    public static TransformKind ParseTransform(string name) => name.ToLowerInvariant() switch
    {
        "fast" => TransformKind.Fast,
        "dense" => TransformKind.Dense,
        _ => throw new ArgumentException($"Unknown transform '{name}': use fast or dense."),
    };
}
