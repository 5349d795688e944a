using System.Security.Cryptography;

namespace VectaX;

/// <summary>Writes secret bytes to a file only its owner can read (mode 600 on Unix), refusing to replace one unless told to.</summary>
internal static class OwnerOnlyFile
{
    /// <summary>Writes <paramref name="secret"/> and zeroes it.</summary>
    public static void Write(string path, byte[] secret, bool overwrite)
    {
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only to new files; an overwritten file is narrowed too.
                File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            file.Write(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
