using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VectaX.Files;

/// <summary>
/// Writes a row-major float32 matrix in chunks, in the format its extension names (see <see cref="VectorReader"/>),
/// through an <see cref="AtomicFile"/>: the target appears only when <see cref="Commit"/> finds every row written.
/// </summary>
public abstract class VectorWriter : IDisposable
{
    private readonly AtomicFile _file;
    private readonly long _rows;
    private long _written;

    private protected VectorWriter(string path, long rows, int dimension)
    {
        _file = new AtomicFile(path);
        _rows = rows;
        Dimension = dimension;
    }

    /// <summary>Floats a row.</summary>
    public int Dimension { get; }

    private protected FileStream Stream => _file.Stream;

    /// <summary>A writer for <paramref name="rows"/> rows of <paramref name="dimension"/> floats.</summary>
    public static VectorWriter Create(string path, long rows, int dimension) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => new Npy(path, rows, dimension),
        ".fvecs" => new Fvecs(path, rows, dimension),
        ".jsonl" => new Jsonl(path, rows, dimension),
        _ => throw new ArgumentException($"'{path}': use a .npy, .fvecs or .jsonl file."),
    };

    /// <summary>Appends whole rows.</summary>
    public void Write(ReadOnlySpan<float> rows)
    {
        int count = rows.Length / Dimension;
        if (count * Dimension != rows.Length || _written + count > _rows)
        {
            throw new InvalidOperationException("Rows written do not match the declared shape.");
        }

        for (int r = 0; r < count; r++)
        {
            WriteRow(rows.Slice(r * Dimension, Dimension));
        }

        _written += count;
    }

    /// <summary>Checks every declared row was written and moves the file into place.</summary>
    public void Commit()
    {
        if (_written != _rows)
        {
            throw new InvalidOperationException($"{_written} of {_rows} rows were written.");
        }

        Flush();
        _file.Commit();
    }

    /// <summary>Closes the file; uncommitted, it is deleted and the target stays as it was.</summary>
    public void Dispose()
    {
        _file.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract void WriteRow(ReadOnlySpan<float> row);

    private protected virtual void Flush()
    {
    }

    /// <summary>The floats as little-endian bytes.</summary>
    private protected void WriteFloats(ReadOnlySpan<float> row)
    {
        if (BitConverter.IsLittleEndian)
        {
            Stream.Write(MemoryMarshal.AsBytes(row));
            return;
        }

        Span<byte> word = stackalloc byte[4];
        foreach (float x in row)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, x);
            Stream.Write(word);
        }
    }

    private sealed class Npy : VectorWriter
    {
        public Npy(string path, long rows, int dimension)
            : base(path, rows, dimension)
        {
            // NumPy format 1.0: magic, version, header length, then a dict padded so the data starts on 64 bytes.
            string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {dimension}), }}";
            int padded = ((10 + dict.Length + 1 + 63) / 64 * 64) - 10;
            Stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded);
            Stream.Write(length);
            Stream.Write(Encoding.ASCII.GetBytes(dict.PadRight(padded - 1) + "\n"));
        }

        private protected override void WriteRow(ReadOnlySpan<float> row) => WriteFloats(row);
    }

    private sealed class Fvecs(string path, long rows, int dimension) : VectorWriter(path, rows, dimension)
    {
        private protected override void WriteRow(ReadOnlySpan<float> row)
        {
            Span<byte> d = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(d, row.Length);
            Stream.Write(d);
            WriteFloats(row);
        }
    }

    private sealed class Jsonl : VectorWriter
    {
        private readonly Utf8JsonWriter _json;

        public Jsonl(string path, long rows, int dimension)
            : base(path, rows, dimension) => _json = new Utf8JsonWriter(Stream);

        private protected override void WriteRow(ReadOnlySpan<float> row)
        {
            _json.WriteStartArray();
            foreach (float x in row)
            {
                _json.WriteNumberValue(x);
            }

            _json.WriteEndArray();
            _json.Flush();
            _json.Reset();
            Stream.WriteByte((byte)'\n');
        }

        private protected override void Flush() => _json.Dispose();
    }
}
