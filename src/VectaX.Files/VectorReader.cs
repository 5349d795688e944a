using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VectaX.Files;

/// <summary>
/// Reads a row-major float32 matrix in chunks, so files larger than memory stream through: .npy (NumPy format
/// 1.0/2.0, little-endian float32, 2-D, C order), .fvecs (per row: int32 dimension, then the floats) or .jsonl
/// (one JSON array a line), chosen by extension. Every row has the first row's dimension, or the file is malformed.
/// </summary>
public abstract class VectorReader : IDisposable
{
    private protected VectorReader(string path) => FilePath = path;

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>Floats a row.</summary>
    public int Dimension { get; private protected set; }

    /// <summary>Rows in the file.</summary>
    public long Rows { get; private protected set; }

    /// <summary>Rows read so far.</summary>
    public long Position { get; private protected set; }

    /// <summary>A reader for the format the extension of <paramref name="path"/> names; another extension is an <see cref="ArgumentException"/>.</summary>
    public static VectorReader Open(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => new Npy(path),
        ".fvecs" => new Fvecs(path),
        ".jsonl" => new Jsonl(path),
        _ => throw new ArgumentException($"'{path}': use a .npy, .fvecs or .jsonl file."),
    };

    /// <summary>
    /// Opens the file an <paramref name="option"/> names, whose rows must have <paramref name="dimension"/> floats, the
    /// key's dimension. An empty file is refused: every command needs at least one row.
    /// </summary>
    public static VectorReader Open(string path, int dimension, string option)
    {
        VectorReader reader = Open(path);
        string? problem = reader.Rows == 0 ? "holds no vectors: give at least one row"
            : reader.Dimension != dimension ? $"has dimension {reader.Dimension}; the key has {dimension}"
            : null;
        if (problem is not null)
        {
            reader.Dispose();
            throw new ArgumentException($"{option} {path} {problem}.");
        }

        return reader;
    }

    /// <summary>The remaining rows one at a time, each a new array (for records that keep them).</summary>
    public IEnumerable<float[]> ReadRows()
    {
        while (Position < Rows)
        {
            float[] row = new float[Dimension];
            Read(row);
            yield return row;
        }
    }

    /// <summary>Fills <paramref name="destination"/> with whole rows, as many as fit and remain; returns how many.</summary>
    public int Read(Span<float> destination)
    {
        int rows = (int)Math.Min(destination.Length / Math.Max(1, Dimension), Rows - Position);
        for (int r = 0; r < rows; r++)
        {
            ReadRow(destination.Slice(r * Dimension, Dimension));
            Position++;
        }

        return rows;
    }

    /// <summary>Closes the file.</summary>
    public abstract void Dispose();

    private protected abstract void ReadRow(Span<float> row);

    private protected MalformedDataException Malformed(string problem) => new($"'{FilePath}' {problem}");

    private static void FromLittleEndian(Span<float> row)
    {
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(row), MemoryMarshal.Cast<float, int>(row));
        }
    }

    private sealed class Npy : VectorReader
    {
        private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        private readonly FileStream _stream;

        public Npy(string path)
            : base(path)
        {
            _stream = File.OpenRead(path);
            Span<byte> start = stackalloc byte[12];
            int got = _stream.ReadAtLeast(start, 12, throwOnEndOfStream: false);
            if (got < 10 || !start[..6].SequenceEqual(s_magic) || start[6] is not (1 or 2))
            {
                throw Malformed("is not a .npy file.");
            }

            int prefix = start[6] == 1 ? 10 : 12;
            long headerLength = start[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(start[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(start[8..]);
            if (headerLength > 1 << 20 || prefix + headerLength > _stream.Length)
            {
                throw Malformed("has a truncated header.");
            }

            byte[] headerBytes = new byte[headerLength];
            _stream.Position = prefix;
            _stream.ReadExactly(headerBytes);
            string header = Encoding.ASCII.GetString(headerBytes);
            if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
            {
                throw Malformed("must hold little-endian float32 in C order.");
            }

            int at = header.IndexOf("'shape': (", StringComparison.Ordinal);
            int end = at < 0 ? -1 : header.IndexOf(')', at);
            long[] shape = at < 0 || end < 0 ? []
                : [.. header[(at + 10)..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : -1)];
            if (shape.Length != 2 || shape[0] < 0 || shape[1] is < 1 or > int.MaxValue / 4 || shape[0] * shape[1] * 4 != _stream.Length - prefix - headerLength)
            {
                throw Malformed("must be a 2-D array whose data matches its shape.");
            }

            (Rows, Dimension) = (shape[0], (int)shape[1]);
        }

        public override void Dispose() => _stream.Dispose();

        private protected override void ReadRow(Span<float> row)
        {
            _stream.ReadExactly(MemoryMarshal.AsBytes(row));
            FromLittleEndian(row);
        }
    }

    private sealed class Fvecs : VectorReader
    {
        private readonly FileStream _stream;

        public Fvecs(string path)
            : base(path)
        {
            _stream = File.OpenRead(path);
            Span<byte> first = stackalloc byte[4];
            Dimension = _stream.ReadAtLeast(first, 4, throwOnEndOfStream: false) == 4 ? BinaryPrimitives.ReadInt32LittleEndian(first) : 0;
            long rowBytes = 4 + (4L * Dimension);
            if (Dimension <= 0 || _stream.Length % rowBytes != 0)
            {
                throw Malformed("is not a valid .fvecs file: its length is not a whole number of rows of the first row's dimension.");
            }

            Rows = _stream.Length / rowBytes;
            _stream.Position = 0;
        }

        public override void Dispose() => _stream.Dispose();

        private protected override void ReadRow(Span<float> row)
        {
            Span<byte> d = stackalloc byte[4];
            _stream.ReadExactly(d);
            if (BinaryPrimitives.ReadInt32LittleEndian(d) != Dimension)
            {
                throw Malformed($"row {Position} has dimension {BinaryPrimitives.ReadInt32LittleEndian(d)}; the first row has {Dimension}.");
            }

            _stream.ReadExactly(MemoryMarshal.AsBytes(row));
            FromLittleEndian(row);
        }
    }

    private sealed class Jsonl : VectorReader
    {
        private readonly StreamReader _lines;
        private int _line;
        private float[]? _first;

        public Jsonl(string path)
            : base(path)
        {
            Rows = File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
            _lines = new StreamReader(path);
            if (Rows > 0)
            {
                _first = Next();
                Dimension = _first.Length;
            }
        }

        public override void Dispose() => _lines.Dispose();

        private protected override void ReadRow(Span<float> row)
        {
            float[] values = _first ?? Next();
            _first = null;
            if (values.Length != Dimension)
            {
                throw Malformed($"line {_line} has dimension {values.Length}; the first row has {Dimension}.");
            }

            values.CopyTo(row);
        }

        private float[] Next()
        {
            string? line;
            do
            {
                line = _lines.ReadLine() ?? throw Malformed("ended early.");
                _line++;
            }
            while (string.IsNullOrWhiteSpace(line));

            try
            {
                return JsonSerializer.Deserialize<float[]>(line) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw Malformed($"line {_line} is not a JSON array of numbers: {e.Message}");
            }
        }
    }
}
