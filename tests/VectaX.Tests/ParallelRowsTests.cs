namespace VectaX.Tests;

/// <summary>Batches name their first bad row, whatever order the cores reached the rows in.</summary>
public sealed class ParallelRowsTests
{
    [Fact]
    public void The_lowest_failing_row_is_surfaced_even_when_a_later_one_fails_first()
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            using var laterFailed = new ManualResetEventSlim();
            var e = Assert.Throws<ArgumentException>(() => ParallelRows.For(64, -1, i =>
            {
                if (i == 0)
                {
                    laterFailed.Wait(TimeSpan.FromSeconds(5)); // row 0 fails only after another core has failed a later row
                    throw new ArgumentException("row 0");
                }

                laterFailed.Set();
                throw new ArgumentException($"row {i}");
            }));
            Assert.Equal("row 0", e.Message);
        }
    }

    [Fact]
    public void Other_exceptions_are_not_swallowed()
    {
        Assert.Throws<AggregateException>(() => ParallelRows.For(10, -1, i => throw new IOException("disk")));
    }
}
