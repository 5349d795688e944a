namespace VectaX.Tests.Cli;

/// <summary>A test class with its own temporary folder, deleted afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("vectax-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A file name inside the folder.</summary>
    protected string Path(string name) => System.IO.Path.Combine(Folder, name);
}
