using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VectaX.Files;

/// <summary>The META file: JSONL, one object a row with version, key id, IV and tag (base64); written and read in chunks.</summary>
public static class MetadataFile
{
    /// <summary>Appends rows through an <see cref="AtomicFile"/>: the file appears only on <see cref="Commit"/>.</summary>
    public sealed class Writer(string path) : IDisposable
    {
        private readonly AtomicFile _file = new(path);

        /// <summary>Appends one row for each <see cref="EncryptedVectorFormat.Size"/> block of <paramref name="metadata"/>.</summary>
        public void Write(ReadOnlySpan<byte> metadata)
        {
            for (int at = 0; at < metadata.Length; at += EncryptedVectorFormat.Size)
            {
                ReadOnlySpan<byte> m = metadata.Slice(at, EncryptedVectorFormat.Size);
                var row = new Row(m[0], BinaryPrimitives.ReadUInt32LittleEndian(m[1..]), Convert.ToBase64String(m.Slice(5, 16)), Convert.ToBase64String(m.Slice(21, 16)));
                JsonSerializer.Serialize(_file.Stream, row);
                _file.Stream.WriteByte((byte)'\n');
            }
        }

        /// <summary>Moves the file into place.</summary>
        public void Commit() => _file.Commit();

        /// <summary>Closes the file; uncommitted, it is deleted.</summary>
        public void Dispose() => _file.Dispose();
    }

    /// <summary>Reads rows in order; the file must hold exactly as many rows as the ciphertexts.</summary>
    public sealed class Reader(string path, long rows) : IDisposable
    {
        private readonly StreamReader _lines = new(path);
        private long _row;

        /// <summary>Fills <paramref name="metadata"/> with the next rows, one <see cref="EncryptedVectorFormat.Size"/> block each.</summary>
        public void Read(Span<byte> metadata)
        {
            for (int at = 0; at < metadata.Length; at += EncryptedVectorFormat.Size, _row++)
            {
                string line = NextLine() ?? throw Mismatch();
                Span<byte> m = metadata.Slice(at, EncryptedVectorFormat.Size);
                try
                {
                    Row row = JsonSerializer.Deserialize<Row>(line) ?? throw new JsonException("null");
                    byte[] iv = Convert.FromBase64String(row.Iv ?? throw new JsonException("it has no iv")), tag = Convert.FromBase64String(row.Tag ?? throw new JsonException("it has no tag"));
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
                    throw new MalformedDataException($"'{path}' row {_row} is not valid metadata: {e.Message}");
                }
            }

            if (_row == rows && NextLine() is not null)
            {
                throw Mismatch();
            }
        }

        /// <summary>Closes the file.</summary>
        public void Dispose() => _lines.Dispose();

        private string? NextLine()
        {
            string? line;
            do
            {
                line = _lines.ReadLine();
            }
            while (line is not null && string.IsNullOrWhiteSpace(line));
            return line;
        }

        private MalformedDataException Mismatch() => new($"'{path}' does not hold one row per ciphertext: the ciphertexts have {rows}.");
    }

    private sealed record Row(
        [property: JsonPropertyName("version")] byte Version,
        [property: JsonPropertyName("key_id")] uint KeyId,
        [property: JsonPropertyName("iv")] string? Iv,
        [property: JsonPropertyName("tag")] string? Tag);
}
