using VectaX.Tests.Cli;

namespace VectaX.Tests;

/// <summary>A killed writer's temporary is removed by the next writer of the same target, and nothing else is.</summary>
public sealed class AtomicFileTests : TempFolderTest
{
    [Fact]
    public void Only_unheld_temporaries_of_the_same_target_in_the_exact_shape_are_removed()
    {
        string stale = Path($".out.npy.{Guid.NewGuid():N}.partial");
        string held = Path($".out.npy.{Guid.NewGuid():N}.partial");
        string[] kept =
        [
            Path($".out.npy.{Guid.NewGuid():N}.partial.bak"),
            Path($".out.npy.{Guid.NewGuid().ToString("N").ToUpperInvariant()}.partial"),
            Path($"out.npy.{Guid.NewGuid():N}.partial"),
            Path($".other.npy.{Guid.NewGuid():N}.partial"),
            Path(".out.npy.notes.partial"),
            Path($".out.npy.{Guid.NewGuid():N}x.partial"),
        ];
        foreach (string file in kept.Append(stale).Append(held))
        {
            File.WriteAllText(file, "x");
        }

        using (new FileStream(held, FileMode.Open, FileAccess.Write, FileShare.None)) // a live writer in another process holds it so
        using (var writer = new AtomicFile(Path("out.npy")))
        {
            writer.Stream.WriteByte(1);
            writer.Commit();
        }

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(held));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
        Assert.Equal([1], File.ReadAllBytes(Path("out.npy")));
    }

    [Fact]
    public void A_target_in_a_missing_folder_still_names_the_folder()
    {
        IOException e = Assert.Throws<IOException>(() => new AtomicFile(Path("missing/out.npy")));
        Assert.Contains("does not exist", e.Message);
    }
}
