namespace VectaX;

/// <summary>A file written beside its target under a temporary name and moved into place by <see cref="Commit"/>; disposed before that, it is deleted, so a failed run leaves no partial output.</summary>
internal sealed partial class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private bool _committed;

    public AtomicFile(string path)
    {
        _path = path;
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        RemoveStale(folder, Path.GetFileName(path));
        _temporary = Path.Combine(folder, TemporaryName(Path.GetFileName(path), Guid.NewGuid()));
        try
        {
            // FileShare.None also locks the file against other processes (flock on Unix): RemoveStale relies on it.
            Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // The runtime's message names the temporary file, which the caller never asked for.
            throw new IOException(e is DirectoryNotFoundException
                ? $"Cannot write '{path}': the folder '{folder}' does not exist."
                : $"Cannot write '{path}': the folder '{folder}' is not writable.", e);
        }
    }

    public FileStream Stream { get; }

    public void Commit()
    {
        Stream.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
        {
            File.Delete(_temporary);
        }
    }
}
