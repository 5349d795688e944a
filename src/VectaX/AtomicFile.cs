namespace VectaX;

/// <summary>
/// A file written beside its target under a temporary name and moved into place by <see cref="Commit"/>; disposed before
/// that, it is deleted, so a failed run leaves no partial output. A path that is a symbolic link is written through:
/// the file it leads to is replaced, and the link stays.
/// </summary>
public sealed partial class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private bool _committed;

    /// <summary>Starts the temporary beside <paramref name="path"/>, first removing any a killed writer left there.</summary>
    public AtomicFile(string path)
    {
        _path = WrittenPath(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        RemoveStale(folder, Path.GetFileName(_path));
        _temporary = Path.Combine(folder, TemporaryName(Path.GetFileName(_path), Guid.NewGuid()));
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

    /// <summary>The temporary file, to write to before <see cref="Commit"/>.</summary>
    public FileStream Stream { get; }

    /// <summary>
    /// The file a write to <paramref name="path"/> replaces: the final target when it is a symbolic link (moving onto
    /// the link itself would turn it into a plain file and leave its target as it was), else the path itself.
    /// </summary>
    public static string WrittenPath(string path) =>
        new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)!.FullName;

    /// <summary>Moves the file into place; without <paramref name="overwrite"/> an existing target is an <see cref="IOException"/> and stays as it was.</summary>
    public void Commit(bool overwrite = true)
    {
        Stream.Dispose();
        File.Move(_temporary, _path, overwrite);
        _committed = true;
    }

    /// <summary>Closes the temporary, and deletes it unless committed.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
        {
            File.Delete(_temporary);
        }
    }
}
