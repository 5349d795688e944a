using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VectaX.Cli;

/// <summary>
/// Row-major float32 matrices in the three formats the tool reads and writes, chosen by extension: .npy (NumPy
/// format 1.0, little-endian float32, 2-D, C order), .fvecs (per row: int32 dimension, then the floats) and
/// .jsonl (one JSON array a line). A file in any other shape is a <see cref="MalformedDataException"/>.
/// </summary>
internal static class VectorFile
{
    private static readonly byte[] s_npyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static float[][] Read(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => ReadNpy(path),
        ".fvecs" => ReadFvecs(path),
        ".jsonl" => ReadJsonl(path),
        _ => throw new ArgumentException($"'{path}': use a .npy, .fvecs or .jsonl file."),
    };

    public static void Write(string path, IReadOnlyList<float[]> rows)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".npy":
                WriteNpy(path, rows);
                break;
            case ".fvecs":
                WriteFvecs(path, rows);
                break;
            case ".jsonl":
                File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r)));
                break;
            default:
                throw new ArgumentException($"'{path}': use a .npy, .fvecs or .jsonl file.");
        }
    }

    private static float[][] ReadNpy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(s_npyMagic))
        {
            throw new MalformedDataException($"'{path}' is not a .npy file.");
        }

        int headerLength = bytes[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int dataAt = (bytes[6] == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, bytes[6] == 1 ? 10 : 12, Math.Min(headerLength, bytes.Length - 12));
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new MalformedDataException($"'{path}' must hold little-endian float32 in C order.");
        }

        string shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        int[] dims = shape[..shape.IndexOf(')', StringComparison.Ordinal)].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2 || (long)dims[0] * dims[1] * 4 != bytes.Length - dataAt)
        {
            throw new MalformedDataException($"'{path}' must be a 2-D array whose data matches its shape.");
        }

        return Enumerable.Range(0, dims[0]).Select(r => Floats(bytes.AsSpan(dataAt + (r * dims[1] * 4), dims[1] * 4))).ToArray();
    }

    private static void WriteNpy(string path, IReadOnlyList<float[]> rows)
    {
        int d = rows.Count == 0 ? 0 : rows[0].Length;
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {d}), }}";
        int padded = ((10 + dict.Length + 1 + 63) / 64 * 64) - 10;
        string header = dict.PadRight(padded - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write(s_npyMagic);
        stream.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        WriteFloats(stream, rows);
    }

    private static float[][] ReadFvecs(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var rows = new List<float[]>();
        for (int at = 0; at < bytes.Length;)
        {
            int d = at + 4 <= bytes.Length ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) : -1;
            if (d <= 0 || at + 4 + (4L * d) > bytes.Length)
            {
                throw new MalformedDataException($"'{path}' is not a valid .fvecs file (row {rows.Count}).");
            }

            rows.Add(Floats(bytes.AsSpan(at + 4, 4 * d)));
            at += 4 + (4 * d);
        }

        return [.. rows];
    }

    private static void WriteFvecs(string path, IReadOnlyList<float[]> rows)
    {
        using var stream = File.Create(path);
        Span<byte> d = stackalloc byte[4];
        foreach (float[] row in rows)
        {
            BinaryPrimitives.WriteInt32LittleEndian(d, row.Length);
            stream.Write(d);
            WriteFloats(stream, [row]);
        }
    }

    private static float[][] ReadJsonl(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select((line, i) =>
        {
            try
            {
                return JsonSerializer.Deserialize<float[]>(line) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new MalformedDataException($"'{path}' line {i + 1} is not a JSON array of numbers: {e.Message}");
            }
        }).ToArray();

    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var row = new float[bytes.Length / 4];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }

        return row;
    }

    private static void WriteFloats(Stream stream, IReadOnlyList<float[]> rows)
    {
        Span<byte> word = stackalloc byte[4];
        foreach (float[] row in rows)
        {
            foreach (float x in row)
            {
                BinaryPrimitives.WriteSingleLittleEndian(word, x);
                stream.Write(word);
            }
        }
    }
}
