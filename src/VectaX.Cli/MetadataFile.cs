using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VectaX.Cli;

/// <summary>The META file: JSONL, one object a row with version, key id, IV and tag (base64).</summary>
internal static class MetadataFile
{
    public static void Write(string path, byte[] metadata, int rows)
    {
        using var writer = new StreamWriter(path);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<byte> m = metadata.AsSpan(r * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size);
            var row = new Row(m[0], BinaryPrimitives.ReadUInt32LittleEndian(m[1..]), Convert.ToBase64String(m.Slice(5, 16)), Convert.ToBase64String(m.Slice(21, 16)));
            writer.WriteLine(JsonSerializer.Serialize(row));
        }
    }

    public static byte[] Read(string path, int rows)
    {
        string[] lines = [.. File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))];
        if (lines.Length != rows)
        {
            throw new MalformedDataException($"'{path}' has {lines.Length} rows; the ciphertexts have {rows}.");
        }

        byte[] metadata = new byte[rows * EncryptedVectorFormat.Size];
        for (int r = 0; r < rows; r++)
        {
            Span<byte> m = metadata.AsSpan(r * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size);
            try
            {
                Row row = JsonSerializer.Deserialize<Row>(lines[r]) ?? throw new JsonException("null");
                byte[] iv = Convert.FromBase64String(row.Iv), tag = Convert.FromBase64String(row.Tag);
                if (iv.Length != 16 || tag.Length != 16)
                {
                    throw new FormatException("IV and tag must be 16 bytes.");
                }

                m[0] = row.Version;
                BinaryPrimitives.WriteUInt32LittleEndian(m[1..], row.KeyId);
                iv.CopyTo(m[5..]);
                tag.CopyTo(m[21..]);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new MalformedDataException($"'{path}' row {r} is not valid metadata: {e.Message}");
            }
        }

        return metadata;
    }

    private sealed record Row(
        [property: JsonPropertyName("version")] byte Version,
        [property: JsonPropertyName("key_id")] uint KeyId,
        [property: JsonPropertyName("iv")] string Iv,
        [property: JsonPropertyName("tag")] string Tag);
}
