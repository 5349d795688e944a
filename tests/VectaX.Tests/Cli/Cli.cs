using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>Runs vectax in process with captured output, as a terminal-less caller would.</summary>
internal static class Cli
{
    public static int Run(out string output, out string error, params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = VectaxCommand.Run(args, o, e);
        output = o.ToString();
        error = e.ToString();
        return code;
    }
}
