using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>Progress bars: drawn when live, silent otherwise, and the work's result comes back either way.</summary>
public sealed class ProgressDisplayTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_work_runs_and_only_a_live_display_draws(bool live)
    {
        using var error = new StringWriter();
        var display = new ProgressDisplay(error, live);

        int result = await display.RunAsync("crunch", 10, async bar =>
        {
            for (int i = 1; i <= 10; i++)
            {
                bar.Report(i);
                await Task.Yield();
            }

            return 42;
        });

        Assert.Equal(42, result);
        Assert.Equal(live, error.ToString().Contains("crunch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_terminal_lines_mode_writes_the_first_and_last_counts_and_not_one_line_a_step()
    {
        using var error = new StringWriter();
        var display = new ProgressDisplay(error, live: false) { Lines = true };

        await display.RunAsync("embed", 30_000, bar =>
        {
            for (int i = 32; i <= 30_000; i += 32)
            {
                bar.Report(Math.Min(i, 30_000));
            }

            bar.Report(30_000);
            return Task.FromResult(0);
        });

        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("embed: 32 of 30,000", lines[0]);
        Assert.Equal("embed: 30,000 of 30,000", lines[^1]);
        Assert.True(lines.Length < 10, string.Join(" | ", lines));
    }
}
