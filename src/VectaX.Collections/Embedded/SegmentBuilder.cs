using System.Buffers;
using System.Text;

namespace VectaX.Collections.Embedded;

/// <summary>Lays rows out as a <see cref="Segment"/>: copies vectors into one block, interns tag sets, encodes payloads.</summary>
internal sealed class SegmentBuilder(int dimension, int capacity)
{
    private readonly ulong[] _ids = new ulong[capacity];
    private readonly float[] _vectors = new float[(long)capacity * dimension];
    private readonly int[] _rowTagSets = new int[capacity];
    private readonly long[] _payloadOffsets = new long[capacity + 1];
    private readonly Dictionary<string, int> _tagSetIndex = new(StringComparer.Ordinal);
    private readonly List<string[]> _tagSets = [];
    private readonly ArrayBufferWriter<byte> _tagSetBytes = new();
    private readonly ArrayBufferWriter<byte> _payloads = new();
    private int _count;

    public int Count => _count;

    /// <summary>A batch of points as one segment; every vector must already have the dimension.</summary>
    public static Segment From(IReadOnlyList<StoredPoint> points, int dimension)
    {
        var builder = new SegmentBuilder(dimension, points.Count);
        foreach (StoredPoint p in points)
        {
            FieldCodec.EncodePayload(p.Payload, builder._payloads);
            builder.Add(p.Id, p.Vector, p.AccessTags);
        }

        return builder.Build();
    }

    /// <summary>Copies a live row of another segment (compaction), payload bytes as they are.</summary>
    public void Add(Segment source, int row)
    {
        _payloads.Write(source.EncodedPayload(row));
        Add(source.Ids.Span[row], source.Row(row), source.Tags(row));
    }

    public Segment Build() => new(
        dimension,
        _ids.AsMemory(0, _count),
        _vectors.AsMemory(0, _count * dimension),
        _rowTagSets.AsMemory(0, _count),
        [.. _tagSets],
        _tagSetBytes.WrittenMemory,
        _payloadOffsets.AsMemory(0, _count + 1),
        _payloads.WrittenMemory);

    /// <summary>The row's payload is already in the payload buffer.</summary>
    private void Add(ulong id, ReadOnlySpan<float> vector, IReadOnlyList<string> tags)
    {
        _ids[_count] = id;
        vector.CopyTo(_vectors.AsSpan(_count * dimension, dimension));
        _rowTagSets[_count] = TagSet(tags);
        _count++;
        _payloadOffsets[_count] = _payloads.WrittenCount;
    }

    private int TagSet(IReadOnlyList<string> tags)
    {
        var key = new StringBuilder();
        foreach (string t in tags)
        {
            key.Append(t.Length).Append(':').Append(t);
        }

        string k = key.ToString();
        if (!_tagSetIndex.TryGetValue(k, out int index))
        {
            index = _tagSets.Count;
            _tagSetIndex[k] = index;
            _tagSets.Add([.. tags]);
            FieldCodec.EncodeStrings(tags, _tagSetBytes);
        }

        return index;
    }
}
