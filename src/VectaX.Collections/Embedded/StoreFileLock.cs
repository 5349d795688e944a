namespace VectaX.Collections.Embedded;

/// <summary>
/// The one-writer rule: an exclusive lock (flock on Unix, a share-none handle on Windows) on a file beside the store.
/// The store file itself is replaced by compaction, so the lock lives on a file that never moves; the kernel drops
/// it when the holder exits, however it exits.
/// </summary>
internal sealed class StoreFileLock : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _handle;

    private StoreFileLock(FileStream handle) => _handle = handle;

    /// <summary>
    /// The lock file's path for a store file: beside the file a symbolic link leads to, so a writer through the link
    /// and one through the target share one lock (a link in a parent folder leads to the same folder anyway).
    /// </summary>
    public static string PathFor(string storePath) => AtomicFile.WrittenPath(storePath) + ".lock";

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; a <see cref="StoreException"/> names the file if another writer keeps it.</summary>
    public static StoreFileLock Acquire(string storePath, TimeSpan timeout)
    {
        string path = PathFor(storePath);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new StoreFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (DirectoryNotFoundException e)
            {
                // The runtime's message names the lock file, which the caller never asked for.
                throw new IOException($"Cannot write '{storePath}': the folder '{Path.GetDirectoryName(Path.GetFullPath(storePath))}' does not exist.", e);
            }
            catch (IOException e) when (e is not FileNotFoundException && File.Exists(path))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new StoreException($"'{storePath}' is open for writing by another process (a store file takes one writer at a time); wait for it to finish, then run again.", e);
                }

                Thread.Sleep(s_poll);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
