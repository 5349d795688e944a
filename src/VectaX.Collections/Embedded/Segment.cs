namespace VectaX.Collections.Embedded;

/// <summary>
/// A block of points laid out for the scan: ids, one contiguous row-major vector block, a tag-set index per row
/// into a small table of distinct tag sets, and payloads decoded only when a point is returned. The memory is a
/// batch's arrays or a record of a mapped store file; superseded and deleted rows are marked dead, not moved.
/// </summary>
internal sealed class Segment
{
    private readonly ulong[] _dead;

    public Segment(int dimension, ReadOnlyMemory<ulong> ids, ReadOnlyMemory<float> vectors, ReadOnlyMemory<int> rowTagSets, string[][] tagSets, ReadOnlyMemory<byte> tagSetBytes, ReadOnlyMemory<long> payloadOffsets, ReadOnlyMemory<byte> payloadBytes)
    {
        Dimension = dimension;
        Ids = ids;
        Vectors = vectors;
        RowTagSets = rowTagSets;
        TagSets = tagSets;
        TagSetBytes = tagSetBytes;
        PayloadOffsets = payloadOffsets;
        PayloadBytes = payloadBytes;
        Count = ids.Length;
        Live = Count;
        _dead = new ulong[(Count + 63) / 64];
    }

    public int Dimension { get; }

    public int Count { get; }

    /// <summary>Rows not yet superseded or deleted.</summary>
    public int Live { get; private set; }

    public ReadOnlyMemory<ulong> Ids { get; }

    public ReadOnlyMemory<float> Vectors { get; }

    public ReadOnlyMemory<int> RowTagSets { get; }

    public string[][] TagSets { get; }

    public ReadOnlyMemory<byte> TagSetBytes { get; }

    /// <summary>Count + 1 offsets into <see cref="PayloadBytes"/>: row r's payload is [offsets[r], offsets[r + 1]).</summary>
    public ReadOnlyMemory<long> PayloadOffsets { get; }

    public ReadOnlyMemory<byte> PayloadBytes { get; }

    public bool IsDead(int row) => (_dead[row >> 6] & (1UL << row)) != 0;

    public void Kill(int row)
    {
        if (!IsDead(row))
        {
            _dead[row >> 6] |= 1UL << row;
            Live--;
        }
    }

    public ReadOnlySpan<float> Row(int row) => Vectors.Span.Slice(row * Dimension, Dimension);

    public ReadOnlySpan<byte> EncodedPayload(int row)
    {
        ReadOnlySpan<long> offsets = PayloadOffsets.Span;
        return PayloadBytes.Span[(int)offsets[row]..(int)offsets[row + 1]];
    }

    public string[] Tags(int row) => TagSets[RowTagSets.Span[row]];

    /// <summary>The point at <paramref name="row"/>, with its own copy of the vector.</summary>
    public StoredPoint Point(int row)
    {
        ulong id = Ids.Span[row];
        return new StoredPoint(id, Row(row).ToArray(), FieldCodec.DecodePayload(EncodedPayload(row), $"payload of point {id}"), Tags(row));
    }
}
