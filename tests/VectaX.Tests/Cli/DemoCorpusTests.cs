using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>The demo corpus: distinct notes in a fixed order, every department represented.</summary>
public sealed class DemoCorpusTests
{
    [Fact]
    public void Every_note_the_grammar_makes_is_distinct_and_the_order_is_fixed()
    {
        (string Text, int Department)[] all = DemoCorpus.Generate(DemoCorpus.Size);
        Assert.Equal(11_520, all.Length);
        Assert.Equal(all.Length, all.Select(n => n.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all.Take(50), DemoCorpus.Generate(50));
        Assert.Equal(DemoCorpus.Departments.Length, all.Take(300).Select(n => n.Department).Distinct().Count());
    }
}
