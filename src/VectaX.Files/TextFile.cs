using System.Text;
using System.Text.Json;

namespace VectaX.Files;

/// <summary>Texts, one a row: <c>.txt</c> holds one a line, <c>.jsonl</c> one JSON object with a "text" string a line.</summary>
public static class TextFile
{
    private static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The texts of the file an <paramref name="option"/> names; vector files, binary files and files without a text are refused.</summary>
    public static string[] Read(string path, string option)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string? vectors = Path.GetExtension(path).ToLowerInvariant() is ".npy" or ".fvecs" ? Path.GetExtension(path).ToLowerInvariant()
            : bytes.AsSpan().StartsWith(NpyMagic) ? ".npy"
            : null;
        if (vectors is not null)
        {
            throw new ArgumentException($"{option} {path} holds vectors ({vectors}), not texts: give texts (.txt one a line, or .jsonl); vectors go to encrypt or ingest --in.");
        }

        string content;
        try
        {
            content = s_strict.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            content = "\0";
        }

        if (content.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{option} {path} is a binary file, not UTF-8 text: give texts (.txt one a line, or .jsonl).");
        }

        string[] lines = content.ReplaceLineEndings("\n").Split('\n');
        lines = content.EndsWith('\n') ? lines[..^1] : lines;
        if (lines.All(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{option} {path} holds no texts: give one text a line.");
        }

        bool json = Path.GetExtension(path).Equals(".jsonl", StringComparison.OrdinalIgnoreCase);
        var texts = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            texts[i] = json ? FromJson(path, i, lines[i]) : lines[i];
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                throw new ArgumentException($"{option} {path}: line {i + 1} is empty; every line is one text.");
            }
        }

        return texts;
    }

    private static string FromJson(string path, int line, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind is JsonValueKind.Object && document.RootElement.TryGetProperty("text", out JsonElement text) && text.ValueKind is JsonValueKind.String
                ? text.GetString()!
                : throw new ArgumentException($"{path}: line {line + 1} has no \"text\" string.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: line {line + 1} is not JSON: {e.Message}");
        }
    }
}
