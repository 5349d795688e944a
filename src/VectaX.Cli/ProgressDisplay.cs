using Spectre.Console;

namespace VectaX.Cli;

/// <summary>Progress bars on stderr while it is a terminal; when stderr is redirected or captured, silent, or plain lines if <see cref="Lines"/>.</summary>
internal sealed class ProgressDisplay(TextWriter error, bool live)
{
    // A log needs a line now and then, not one per batch.
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    /// <summary>Bars on <paramref name="error"/> only when it is the process's stderr and that is a terminal.</summary>
    public ProgressDisplay(TextWriter error)
        : this(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected)
    {
    }

    /// <summary>Whether, without a terminal, progress is written as plain lines ("embed: 1,024 of 30,000"), at most one a second.</summary>
    public bool Lines { get; set; }

    /// <summary>Runs <paramref name="work"/>, drawing a bar of <paramref name="total"/> steps fed by the progress it is given.</summary>
    public async Task<T> RunAsync<T>(string label, long total, Func<IProgress<long>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!live)
        {
            return await work(Lines ? new Plain(error, label, total) : new Silent()).ConfigureAwait(false);
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

    private sealed class Plain(TextWriter error, string label, long total) : IProgress<long>
    {
        private long _next;

        public void Report(long value)
        {
            long now = Environment.TickCount64;
            if (now >= _next || value == total)
            {
                _next = now + (long)LineInterval.TotalMilliseconds;
                error.WriteLine($"{label}: {value:N0} of {total:N0}");
            }
        }
    }

    private sealed class Silent : IProgress<long>
    {
        public void Report(long value)
        {
        }
    }
}
