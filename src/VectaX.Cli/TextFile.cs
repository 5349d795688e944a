using System.Text.Json;

namespace VectaX.Cli;

/// <summary>Texts, one a row: <c>.txt</c> holds one a line, <c>.jsonl</c> one JSON object with a "text" string a line.</summary>
internal static class TextFile
{
    public static string[] Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        bool json = Path.GetExtension(path).Equals(".jsonl", StringComparison.OrdinalIgnoreCase);
        var texts = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            texts[i] = json ? FromJson(path, i, lines[i]) : lines[i];
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                throw new ArgumentException($"{path}: line {i + 1} is empty; every line is one text.");
            }
        }

        return texts.Length > 0 ? texts : throw new ArgumentException($"{path} holds no texts.");
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
