namespace VectaX;

/// <summary>Temporaries left by a killed writer (kill -9, power loss): the next writer of the same target removes them.</summary>
public sealed partial class AtomicFile
{
    private const string TemporarySuffix = ".partial";
    private const int IdLength = 32;

    /// <summary>The temporary beside target <paramref name="name"/>: hidden, unique, and recognisable as this class's by its exact shape.</summary>
    private static string TemporaryName(string name, Guid id) => $".{name}.{id:N}{TemporarySuffix}";

    /// <summary>
    /// Deletes, in <paramref name="folder"/>, the temporaries of target <paramref name="name"/> that no live writer holds. Only names
    /// of exactly this class's shape are touched, so a user's own file is never removed; a writer holds its temporary locked until it
    /// commits, so one of another running process is left alone.
    /// </summary>
    private static void RemoveStale(string folder, string name)
    {
        if (!Directory.Exists(folder))
        {
            return; // creating the temporary will report the missing folder
        }

        foreach (string candidate in Directory.EnumerateFiles(folder, $".*{TemporarySuffix}"))
        {
            if (!IsTemporaryOf(Path.GetFileName(candidate), name))
            {
                continue;
            }

            try
            {
                // Deleted while locked (on close), so no writer can take it up in between.
                new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live writer, gone already, or another user's: not ours to remove.
            }
        }
    }

    private static bool IsTemporaryOf(string candidate, string name)
    {
        string prefix = $".{name}.";
        if (candidate.Length != prefix.Length + IdLength + TemporarySuffix.Length
            || !candidate.StartsWith(prefix, StringComparison.Ordinal)
            || !candidate.EndsWith(TemporarySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> id = candidate.AsSpan(prefix.Length, IdLength);
        return Guid.TryParseExact(id, "N", out Guid parsed) && id.SequenceEqual(parsed.ToString("N"));
    }
}
