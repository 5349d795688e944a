using System.Text.RegularExpressions;

namespace VectaX.Evaluate;

/// <summary>Fortune cookies: the Debian files split on lines of "%", whitespace folded, short and duplicate ones dropped, in a fixed order.</summary>
internal static partial class Fortunes
{
    public static string[] Load(string folder, int count)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder} is missing: apt-get install fortunes");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string file in Directory.GetFiles(folder).Where(f => Path.GetExtension(f) is "").Order(StringComparer.Ordinal))
        {
            foreach (string entry in File.ReadAllText(file).Split("\n%\n"))
            {
                string text = Whitespace().Replace(entry, " ").Trim();
                if (text.Length is >= 20 and <= 400 && seen.Add(text))
                {
                    result.Add(text);
                }
            }
        }

        // A fixed shuffle, so corpus and queries mix every file.
        var random = new Random(7);
        return [.. result.OrderBy(_ => random.Next()).Take(count)];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
