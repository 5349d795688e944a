using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace VectaX.Collections.Embedded;

/// <summary>One record of a store file, parsed: a collection, a block of points, or deleted ids.</summary>
internal sealed record StoreRecord(RecordKind Kind, string Collection, int Dimension, Segment? Points, ulong[]? Deleted);

/// <summary>
/// Reads a version-2 store file from its mapped bytes without copying points: every length is checked against the
/// bytes left, every record against its checksum, and a torn last record (a write cut short by a crash) is left
/// out. Anything else wrong is a <see cref="StoreException"/> naming the file and byte offset.
/// </summary>
internal sealed unsafe class StoreFileReader(string path, byte* file, long length)
{
    private static readonly UTF8Encoding s_strict = new(false, true);
    private readonly byte* _file = file;

    /// <summary>The records in file order, and the length up to the end of the last whole record.</summary>
    public (List<StoreRecord> Records, long ValidLength) Read()
    {
        if (length < StoreFileFormat.FileHeaderLength || !new ReadOnlySpan<byte>(_file, 4).SequenceEqual(StoreFileFormat.Magic))
        {
            throw new StoreException($"'{path}' is not a VectaX store file.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_file + 4, 4));
        if (version != StoreFileFormat.Version)
        {
            throw new StoreException($"'{path}' is store format version {version}; this VectaX reads version {StoreFileFormat.Version} (and converts version 1).");
        }

        List<(long Offset, RecordKind Kind, long BodyLength, ulong Hash)> headers = ReadHeaders();
        int torn = FirstFailingChecksum(headers);

        // Appends are flushed one at a time, so only the last record can be half-written; damage elsewhere is damage.
        if (torn >= 0 && torn != headers.Count - 1)
        {
            throw new StoreException($"'{path}' is damaged: the record at byte {headers[torn].Offset} fails its checksum.");
        }

        int whole = torn >= 0 ? torn : headers.Count;
        var records = new List<StoreRecord>(whole);
        for (int i = 0; i < whole; i++)
        {
            (long offset, RecordKind kind, long bodyLength, _) = headers[i];
            records.Add(ParseBody(offset, kind, new Cursor(this, offset + StoreFileFormat.RecordHeaderLength, bodyLength)));
        }

        long validLength = whole == 0 ? StoreFileFormat.FileHeaderLength : headers[whole - 1].Offset + StoreFileFormat.RecordHeaderLength + headers[whole - 1].BodyLength;
        return (records, validLength);
    }

    private List<(long Offset, RecordKind Kind, long BodyLength, ulong Hash)> ReadHeaders()
    {
        var headers = new List<(long, RecordKind, long, ulong)>();
        long position = StoreFileFormat.FileHeaderLength;
        while (length - position >= StoreFileFormat.RecordHeaderLength)
        {
            var header = new ReadOnlySpan<byte>(_file + position, StoreFileFormat.RecordHeaderLength);
            if (XxHash3.HashToUInt64(header[..24]) != BinaryPrimitives.ReadUInt64LittleEndian(header[24..])
                || BinaryPrimitives.ReadUInt32LittleEndian(header) != StoreFileFormat.RecordMarker)
            {
                throw Damaged(position, "a record header fails its checksum");
            }

            var kind = (RecordKind)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            if (kind is not (RecordKind.Collection or RecordKind.Points or RecordKind.Delete) || bodyLength < 0 || bodyLength % 8 != 0)
            {
                throw Damaged(position, "a record header holds an unknown kind or length");
            }

            if (bodyLength > length - position - StoreFileFormat.RecordHeaderLength)
            {
                break; // a torn last record: its body never reached the disk whole
            }

            headers.Add((position, kind, bodyLength, BinaryPrimitives.ReadUInt64LittleEndian(header[16..])));
            position += StoreFileFormat.RecordHeaderLength + bodyLength;
        }

        return headers;
    }

    /// <summary>The first record whose body fails its checksum, or -1; every 1 MiB block of every record is hashed on all cores.</summary>
    private int FirstFailingChecksum(List<(long Offset, RecordKind Kind, long BodyLength, ulong Hash)> headers)
    {
        var firstBlock = new int[headers.Count + 1];
        for (int i = 0; i < headers.Count; i++)
        {
            firstBlock[i + 1] = checked(firstBlock[i] + (int)((headers[i].BodyLength + BlockHash.BlockSize - 1) / BlockHash.BlockSize));
        }

        var blocks = new ulong[firstBlock[^1]];
        var owner = new int[blocks.Length];
        for (int i = 0; i < headers.Count; i++)
        {
            owner.AsSpan(firstBlock[i], firstBlock[i + 1] - firstBlock[i]).Fill(i);
        }

        Parallel.For(0, blocks.Length, b =>
        {
            (long offset, _, long bodyLength, _) = headers[owner[b]];
            long start = (long)(b - firstBlock[owner[b]]) * BlockHash.BlockSize;
            int length = (int)Math.Min(BlockHash.BlockSize, bodyLength - start);
            blocks[b] = XxHash3.HashToUInt64(new ReadOnlySpan<byte>(_file + offset + StoreFileFormat.RecordHeaderLength + start, length));
        });

        for (int i = 0; i < headers.Count; i++)
        {
            if (BlockHash.Combine(blocks.AsSpan(firstBlock[i], firstBlock[i + 1] - firstBlock[i])) != headers[i].Hash)
            {
                return i;
            }
        }

        return -1;
    }

    private StoreRecord ParseBody(long offset, RecordKind kind, Cursor body)
    {
        int nameLength = body.UInt16();
        if (nameLength > StoreFileFormat.MaxNameBytes)
        {
            throw Damaged(offset, "a collection name is longer than any the store writes");
        }

        string name;
        try
        {
            name = s_strict.GetString(body.Bytes(nameLength));
        }
        catch (DecoderFallbackException)
        {
            throw Damaged(offset, "a collection name is not valid UTF-8");
        }

        body.Align();
        switch (kind)
        {
            case RecordKind.Collection:
                return new StoreRecord(kind, name, Dimension(offset, body.Int32()), null, null);
            case RecordKind.Delete:
                int deleted = Count(offset, body.Int32(), Math.Min(body.Left / 8, int.MaxValue / 8));
                body.Int32();
                return new StoreRecord(kind, name, 0, null, MemoryMarshal.Cast<byte, ulong>(body.Bytes(deleted * 8L)).ToArray());
            default:
                return new StoreRecord(kind, name, 0, ParsePoints(offset, body), null);
        }
    }

    private Segment ParsePoints(long offset, Cursor body)
    {
        int dimension = Dimension(offset, body.Int32());
        int count = Count(offset, body.Int32(), int.MaxValue / dimension);
        int tagSetCount = Count(offset, body.Int32(), count);
        body.Int32();
        long tagSetBytes = body.Int64(), payloadBytes = body.Int64();
        if (tagSetBytes is < 0 or > int.MaxValue || payloadBytes is < 0 or > int.MaxValue)
        {
            throw Damaged(offset, "a points record holds an impossible length");
        }

        long needed = (8L * count) + (4L * count * dimension) + (4L * count) + StoreFileFormat.PaddingAfterRows(count, dimension) + (8L * (count + 1)) + tagSetBytes + payloadBytes;
        if (needed > body.Left || body.Left - needed >= 8)
        {
            throw Damaged(offset, "a points record's lengths do not add up to its size");
        }

        ReadOnlyMemory<ulong> ids = body.Memory<ulong>(count);
        ReadOnlyMemory<float> vectors = body.Memory<float>(count * dimension);
        ReadOnlyMemory<int> rowTagSets = body.Memory<int>(count);
        body.Align();
        ReadOnlyMemory<long> payloadOffsets = body.Memory<long>(count + 1);
        ReadOnlyMemory<byte> tagSets = body.Memory<byte>((int)tagSetBytes);
        ReadOnlyMemory<byte> payloads = body.Memory<byte>((int)payloadBytes);

        foreach (int t in rowTagSets.Span)
        {
            if ((uint)t >= (uint)tagSetCount)
            {
                throw Damaged(offset, "a row names a tag set the record does not hold");
            }
        }

        ReadOnlySpan<long> offsets = payloadOffsets.Span;
        for (int r = 0; r < count; r++)
        {
            if (offsets[r] > offsets[r + 1])
            {
                throw Damaged(offset, "payload offsets run backwards");
            }
        }

        if (offsets[0] != 0 || offsets[count] != payloadBytes)
        {
            throw Damaged(offset, "payload offsets do not cover the payloads");
        }

        string[][] sets = FieldCodec.DecodeStringLists(tagSets.Span, tagSetCount, $"tag sets at byte {offset}");
        return new Segment(dimension, ids, vectors, rowTagSets, sets, tagSets, payloadOffsets, payloads);
    }

    private int Dimension(long offset, int dimension) =>
        dimension is >= 1 and <= StoreFileFormat.MaxDimension ? dimension : throw Damaged(offset, $"a dimension of {dimension} is outside 1..{StoreFileFormat.MaxDimension}");

    private int Count(long offset, int count, long most) =>
        count >= 0 && count <= most ? count : throw Damaged(offset, $"a count of {count} is more than the record can hold");

    private StoreException Damaged(long offset, string problem) => new($"'{path}' is damaged at byte {offset}: {problem}.");

    /// <summary>A bounded reader over one record body: every read is checked against the bytes left.</summary>
    private sealed class Cursor(StoreFileReader reader, long start, long length)
    {
        private long _position;

        public long Left => length - _position;

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        public void Align() => Bytes((int)((8 - (_position % 8)) % 8));

        public ReadOnlySpan<byte> Bytes(long count)
        {
            byte* at = Take(count);
            return new ReadOnlySpan<byte>(at, (int)count);
        }

        public ReadOnlyMemory<T> Memory<T>(int count)
            where T : unmanaged => new PointerMemory<T>((T*)Take((long)count * sizeof(T)), count).Memory;

        private byte* Take(long count)
        {
            if (count < 0 || count > Left)
            {
                throw reader.Damaged(start - StoreFileFormat.RecordHeaderLength, "a length runs past the end of its record");
            }

            byte* at = reader._file + start + _position;
            _position += count;
            return at;
        }
    }
}
