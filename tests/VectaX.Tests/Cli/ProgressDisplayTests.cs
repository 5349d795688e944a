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
}
