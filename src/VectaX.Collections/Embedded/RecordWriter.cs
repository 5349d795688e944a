using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace VectaX.Collections.Embedded;

/// <summary>Receives a record body piece by piece: once to hash it, once to write it.</summary>
internal delegate void SpanSink(ReadOnlySpan<byte> bytes);

/// <summary>Writes store file records (layout in <see cref="StoreFileFormat"/>).</summary>
internal static class RecordWriter
{
    private static readonly byte[] s_zeros = new byte[8];

    public static void WriteFileHeader(Stream stream)
    {
        Span<byte> header = stackalloc byte[StoreFileFormat.FileHeaderLength];
        StoreFileFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], StoreFileFormat.Version);
        stream.Write(header);
    }

    public static void WriteCollection(Stream stream, string name, int dimension) =>
        Write(stream, RecordKind.Collection, sink =>
        {
            WriteName(sink, name);
            Span<byte> fixedPart = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart, dimension);
            sink(fixedPart);
        });

    public static void WriteDelete(Stream stream, string name, IReadOnlyList<ulong> ids)
    {
        ulong[] block = [.. ids];
        Write(stream, RecordKind.Delete, sink =>
        {
            WriteName(sink, name);
            Span<byte> fixedPart = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart, block.Length);
            sink(fixedPart);
            sink(MemoryMarshal.AsBytes(block.AsSpan()));
        });
    }

    public static void WritePoints(Stream stream, string name, Segment segment) =>
        Write(stream, RecordKind.Points, sink =>
        {
            WriteName(sink, name);
            Span<byte> fixedPart = stackalloc byte[32];
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart, segment.Dimension);
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart[4..], segment.Count);
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart[8..], segment.TagSets.Length);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[16..], segment.TagSetBytes.Length);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[24..], segment.PayloadBytes.Length);
            sink(fixedPart);
            sink(MemoryMarshal.AsBytes(segment.Ids.Span));
            sink(MemoryMarshal.AsBytes(segment.Vectors.Span));
            sink(MemoryMarshal.AsBytes(segment.RowTagSets.Span));
            sink(s_zeros.AsSpan(0, StoreFileFormat.PaddingAfterRows(segment.Count, segment.Dimension)));

            sink(MemoryMarshal.AsBytes(segment.PayloadOffsets.Span));
            sink(segment.TagSetBytes.Span);
            sink(segment.PayloadBytes.Span);
        });

    /// <summary>Hashes the body, then writes header and body; the body is padded to 8 bytes so every record starts aligned.</summary>
    private static void Write(Stream stream, RecordKind kind, Action<SpanSink> body)
    {
        var hash = new BlockHash();
        long length = 0;
        body(bytes =>
        {
            hash.Append(bytes);
            length += bytes.Length;
        });
        int padding = (int)((8 - (length % 8)) % 8);
        hash.Append(s_zeros.AsSpan(0, padding));

        Span<byte> header = stackalloc byte[StoreFileFormat.RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, StoreFileFormat.RecordMarker);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)kind);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], length + padding);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], hash.Finish());
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], XxHash3.HashToUInt64(header[..24]));
        stream.Write(header);
        body(stream.Write);
        stream.Write(s_zeros, 0, padding);
    }

    private static void WriteName(SpanSink sink, string name)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)utf8.Length);
        sink(length);
        sink(utf8);
        sink(s_zeros.AsSpan(0, (int)((8 - ((2 + utf8.Length) % 8)) % 8)));
    }
}
