using Spectre.Console;

namespace VectaX.Cli;

/// <summary>Progress bars on stderr while it is a terminal; silent when stderr is redirected or captured.</summary>
internal sealed class ProgressDisplay(TextWriter error, bool live)
{
    /// <summary>Bars on <paramref name="error"/> only when it is the process's stderr and that is a terminal.</summary>
    public ProgressDisplay(TextWriter error)
        : this(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected)
    {
    }

    /// <summary>Runs <paramref name="work"/>, drawing a bar of <paramref name="total"/> steps fed by the progress it is given.</summary>
    public async Task<T> RunAsync<T>(string label, long total, Func<IProgress<long>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!live)
        {
            return await work(new Silent()).ConfigureAwait(false);
        }

        // Live means stderr is a terminal: say so, rather than let detection guess from the writer.
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error), Interactive = InteractionSupport.Yes });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(label, maxValue: Math.Max(1, total));
                T result = await work(new Bar(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    private sealed class Bar(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }

    private sealed class Silent : IProgress<long>
    {
        public void Report(long value)
        {
        }
    }
}
