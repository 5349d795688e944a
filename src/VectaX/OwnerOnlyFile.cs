using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// Writes secret bytes to a file only its owner can read (mode 600 on Unix), refusing to replace one unless told to.
/// The bytes go to a temporary file beside the target, flushed to disk and then renamed into place, so a crash leaves
/// the old file or the new one, never a truncated secret.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Writes <paramref name="secret"/> and zeroes it.</summary>
    public static void Write(string path, byte[] secret, bool overwrite)
    {
        try
        {
            using var file = new AtomicFile(path);
            if (!OperatingSystem.IsWindows())
            {
                // Narrowed before the first byte is written.
                File.SetUnixFileMode(file.Stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            file.Stream.Write(secret);
            file.Stream.Flush(flushToDisk: true);
            file.Commit(overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
