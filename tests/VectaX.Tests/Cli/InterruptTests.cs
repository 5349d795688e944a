using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VectaX.Tests.Cli;

/// <summary>
/// Ctrl+C and kill -9 on the real tool, as a child process: SIGINT mid-embedding stops it within a batch, exits 130,
/// says how far it got and leaves no output; a killed run's temporary is removed by the next run for the same output.
/// </summary>
public sealed partial class InterruptTests : TempFolderTest
{
    // Enough texts that the run is still embedding when the signal lands (minutes of work), cut after the first batch.
    private const int Texts = 30_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public void Sigint_stops_embed_mid_run_with_exit_130_and_no_output()
    {
        string texts = WriteTexts();

        (int code, string error) = Interrupt("embed", "--in", texts, "--out", Path("v.npy"));

        Assert.True(code == 130, error);
        int done = EmbeddedSoFar(error, Texts);
        Assert.Contains($"Nothing was written to {Path("v.npy")}.", error);
        Assert.InRange(done, 1, Texts - 1);
        AssertNothingLeft("v.npy");
    }

    [SkippableFact]
    public void Sigint_stops_text_ingest_before_anything_is_stored_and_says_to_rerun()
    {
        string texts = WriteTexts();
        Assert.Equal(0, Cli.Run(out _, out _, "keygen", "--dim", "384", "--out", Path("k.key")));
        Assert.Equal(0, Cli.Run(out _, out _, "rbac", "authority", "--vocabulary", "departments=finance", "--out", Path("a.json")));

        (int code, string error) = Interrupt("ingest", "--key", Path("k.key"), "--texts", texts, "--authority", Path("a.json"), "--policy", "departments=finance", "--store", Path("s.vxs"));

        Assert.True(code == 130, error);
        EmbeddedSoFar(error, Texts);
        Assert.Contains("Nothing new was stored; rerun the same command.", error);
        AssertNothingLeft("s.vxs");
    }

    [SkippableFact]
    public void Sigint_stops_the_demo_while_it_embeds()
    {
        (int code, string error) = Interrupt("demo");

        Assert.True(code == 130, error);
        EmbeddedSoFar(error, 4000 + 100 + VectaX.Cli.DemoCorpus.Questions.Length); // the default notes and queries, and the sample questions
    }

    [SkippableFact]
    public void A_run_killed_with_sigkill_leaves_a_temporary_that_the_next_run_for_the_same_output_removes()
    {
        string texts = WriteTexts();
        using (Process killed = Start("embed", "--in", texts, "--out", Path("v.npy")))
        {
            WaitForProgress(killed, new ConcurrentQueue<string>());
            killed.Kill(); // SIGKILL: no handler runs
            Assert.True(killed.WaitForExit(Patience));
        }

        Assert.Single(Directory.GetFiles(Folder, ".v.npy.*.partial"));
        File.WriteAllLines(Path("few.txt"), ["one note", "another note"]);

        Assert.Equal(0, Cli.Run(out _, out string error, "embed", "--in", Path("few.txt"), "--out", Path("v.npy")));

        Assert.Equal("", error);
        Assert.Empty(Directory.GetFiles(Folder, "*.partial"));
        Assert.Equal(2, VectorFile.Read(Path("v.npy")).Length);
    }

    [GeneratedRegex(@"vectax: cancelled after embedding ([\d,]+) of ([\d,]+) texts\.")]
    private static partial Regex CancelledLine();

    private static int EmbeddedSoFar(string error, int total)
    {
        Match line = CancelledLine().Match(error);
        Assert.True(line.Success, error);
        Assert.Equal(total, int.Parse(line.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        return int.Parse(line.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private string WriteTexts()
    {
        string[] words = ["invoice", "payment", "ledger", "audit", "shipment", "budget", "outage", "server", "release", "customer"];
        var random = new Random(19);
        File.WriteAllLines(Path("t.txt"), Enumerable.Range(0, Texts).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]))));
        return Path("t.txt");
    }

    private void AssertNothingLeft(string output)
    {
        Assert.False(File.Exists(Path(output)));
        Assert.Empty(Directory.GetFiles(Folder, "*.partial"));
    }

    /// <summary>Starts the tool, waits until it has embedded a first batch (its --verbose progress line), sends SIGINT with kill -INT and waits for it to exit.</summary>
    private static (int Code, string Error) Interrupt(params string[] args)
    {
        Skip.If(SigintIgnored(), "SIGINT is ignored in this process tree (a background job of a non-interactive shell); the tool inherits that, as POSIX says, so no SIGINT can stop it here.");
        using Process child = Start(args);
        var lines = new ConcurrentQueue<string>();
        WaitForProgress(child, lines);
        using (Process kill = Process.Start("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        if (!child.WaitForExit(Patience))
        {
            child.Kill();
            Assert.Fail("SIGINT did not stop the run: " + string.Join('\n', lines));
        }

        child.WaitForExit(); // drains the redirected streams
        return (child.ExitCode, string.Join('\n', lines));
    }

    /// <summary>Whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status), which a child started from it inherits.</summary>
    private static bool SigintIgnored()
    {
        string? line = OperatingSystem.IsLinux() ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }

    private static Process Start(params string[] args)
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX signals");
        var info = new ProcessStartInfo(System.IO.Path.Combine(AppContext.BaseDirectory, "VectaX.Cli"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args.Append("--verbose"))
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static void WaitForProgress(Process child, ConcurrentQueue<string> lines)
    {
        var started = new TaskCompletionSource();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Enqueue(line);
                if (line.StartsWith("embed: ", StringComparison.Ordinal) && !line.StartsWith("embed: 0 ", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            }
        };
        child.OutputDataReceived += (_, e) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        if (!started.Task.Wait(Patience))
        {
            child.Kill();
            Assert.Fail("The run never reported progress: " + string.Join('\n', lines));
        }
    }
}
