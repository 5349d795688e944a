using System.Numerics.Tensors;

namespace VectaX.Collections.Embedded;

/// <summary>
/// One collection of the embedded store: segments of rows, an id index to each live row, and ids kept in sorted
/// order for scrolling. Not thread-safe: the store serialises writers against readers. <paramref name="expectedRows"/>
/// sizes the index for a collection read from a file.
/// </summary>
internal sealed class EmbeddedCollection(int dimension, int expectedRows = 0)
{
    /// <summary>Rows one worker scans at a time: large enough to amortise the hand-off, small enough to balance the cores.</summary>
    private const int ChunkRows = 4096;

    private readonly List<Segment> _segments = [];
    private readonly Dictionary<ulong, (Segment Segment, int Row)> _index = new(expectedRows);

    // Ids in ascending order while _sortedValid; deleted ids may linger and are skipped. Appending in id order (the
    // usual ingest) and replacing existing ids (rotation) keep it valid, so a scroll sorts at most once.
    private readonly List<ulong> _sorted = new(expectedRows);
    private bool _sortedValid = true;

    public int Dimension { get; } = dimension;

    public int Count => _index.Count;

    /// <summary>Rows the segments hold, live or not: what compaction would drop is this minus <see cref="Count"/>.</summary>
    public long Rows { get; private set; }

    public void Add(Segment segment)
    {
        ReadOnlySpan<ulong> ids = segment.Ids.Span;
        _segments.Add(segment);
        Rows += segment.Count;
        for (int row = 0; row < ids.Length; row++)
        {
            ulong id = ids[row];
            if (_index.TryGetValue(id, out (Segment Segment, int Row) old))
            {
                Kill(old.Segment, old.Row);
            }
            else if (_sortedValid && (_sorted.Count == 0 || id > _sorted[^1]))
            {
                _sorted.Add(id);
            }
            else
            {
                _sortedValid = false;
            }

            _index[id] = (segment, row);
        }
    }

    public void Delete(IEnumerable<ulong> ids)
    {
        foreach (ulong id in ids)
        {
            if (_index.Remove(id, out (Segment Segment, int Row) old))
            {
                Kill(old.Segment, old.Row);
            }
        }
    }

    public StoredPoint? Get(ulong id) => _index.TryGetValue(id, out (Segment Segment, int Row) at) ? at.Segment.Point(at.Row) : null;

    /// <summary>Up to <paramref name="limit"/> points from id <paramref name="from"/> on, and the id after them: a binary search and a walk, no sort.</summary>
    public (List<StoredPoint> Page, ulong? Next) Scroll(ulong? from, int limit)
    {
        // Readers share the store's lock; the sorted ids are the one thing a read may rebuild.
        lock (_sorted)
        {
            return ScrollSorted(from, limit);
        }
    }

    /// <summary>The highest live id, or null when empty: the sorted ids read from the end.</summary>
    public ulong? HighestId()
    {
        lock (_sorted)
        {
            EnsureSorted();
            for (int i = _sorted.Count - 1; i >= 0; i--)
            {
                if (_index.ContainsKey(_sorted[i]))
                {
                    return _sorted[i];
                }
            }

            return null;
        }
    }

    private void EnsureSorted()
    {
        if (!_sortedValid)
        {
            _sorted.Clear();
            _sorted.AddRange(_index.Keys);
            _sorted.Sort();
            _sortedValid = true;
        }
    }

    private (List<StoredPoint> Page, ulong? Next) ScrollSorted(ulong? from, int limit)
    {
        EnsureSorted();
        int start = from is { } f ? LowerBound(f) : 0;
        var page = new List<StoredPoint>(Math.Min(limit, Count));
        for (int i = start; i < _sorted.Count; i++)
        {
            if (!_index.TryGetValue(_sorted[i], out (Segment Segment, int Row) at))
            {
                continue;
            }

            if (page.Count == limit)
            {
                return (page, _sorted[i]);
            }

            page.Add(at.Segment.Point(at.Row));
        }

        return (page, null);
    }

    /// <summary>Live rows in id order, for compaction.</summary>
    public IEnumerable<(Segment Segment, int Row)> LiveRows()
    {
        ulong[] ids = [.. _index.Keys];
        Array.Sort(ids);
        foreach (ulong id in ids)
        {
            yield return _index[id];
        }
    }

    /// <summary>
    /// Each query's nearest live rows (its limit, its filter), in one pass over the vector blocks: the rows are
    /// split into chunks across the cores, each row is compared with every query while it is in cache, and the
    /// per-core results are merged.
    /// </summary>
    public List<ScoredPoint>[] Query(IReadOnlyList<VectorQuery> queries, CancellationToken cancellationToken)
    {
        // Per segment and query, which of its tag sets pass the query's filter (null: no filter); a segment no query may see is skipped.
        var chunks = new List<(Segment Segment, int From, int To, bool[]?[] Allowed)>();
        foreach (Segment segment in _segments)
        {
            bool[]?[] allowed = [.. queries.Select(q => q.AnyOfTags is { } tags ? Array.ConvertAll(segment.TagSets, set => set.Any(tags.Contains)) : null)];
            if (allowed.All(a => a is not null && !a.Contains(true)))
            {
                continue;
            }

            for (int from = 0; from < segment.Count; from += ChunkRows)
            {
                chunks.Add((segment, from, Math.Min(segment.Count, from + ChunkRows), allowed));
            }
        }

        int[] limits = [.. queries.Select(q => Math.Min(q.Limit, Math.Max(1, Count)))];
        // The queries side by side, so the inner loop slices one array instead of asking each query for its span.
        float[] queryBlock = new float[queries.Count * Dimension];
        for (int q = 0; q < queries.Count; q++)
        {
            queries[q].Vector.Span.CopyTo(queryBlock.AsSpan(q * Dimension, Dimension));
        }

        var best = new TopK[queries.Count];
        for (int q = 0; q < best.Length; q++)
        {
            best[q] = new TopK(limits[q]);
        }

        Parallel.For(
            0,
            chunks.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = chunks.Count > 1 ? -1 : 1 },
            () => (TopK[]?)null,
            (c, _, local) =>
            {
                local ??= Array.ConvertAll(limits, k => new TopK(k));
                Scan(chunks[c], queryBlock, local);
                return local;
            },
            local =>
            {
                if (local is null)
                {
                    return;
                }

                lock (best)
                {
                    for (int q = 0; q < best.Length; q++)
                    {
                        local[q].MergeInto(best[q]);
                    }
                }
            });

        return Array.ConvertAll(best, top => top.Sorted().Select(h => new ScoredPoint(h.Segment.Point(h.Row), h.Distance * h.Distance)).ToList());
    }

    /// <summary>
    /// Ranks by Euclidean distance (squared on the way out): TensorPrimitives keeps several accumulators in flight,
    /// where the project's bit-reproducible reduction chains one; a single query's scan ran about twice as fast.
    /// </summary>
    private static void Scan((Segment Segment, int From, int To, bool[]?[] Allowed) chunk, ReadOnlySpan<float> queries, TopK[] best)
    {
        Segment segment = chunk.Segment;
        ReadOnlySpan<int> tagSets = segment.RowTagSets.Span;
        ReadOnlySpan<float> block = segment.Vectors.Span;
        int d = segment.Dimension;
        for (int row = chunk.From; row < chunk.To; row++)
        {
            if (segment.IsDead(row))
            {
                continue;
            }

            ReadOnlySpan<float> vector = block.Slice(row * d, d);
            for (int q = 0; q < best.Length; q++)
            {
                if (chunk.Allowed[q] is { } allowed && !allowed[tagSets[row]])
                {
                    continue;
                }

                float distance = TensorPrimitives.Distance(vector, queries.Slice(q * d, d));
                if (distance < best[q].Bound)
                {
                    best[q].Offer(distance, segment, row);
                }
            }
        }
    }

    private void Kill(Segment segment, int row)
    {
        segment.Kill(row);
        if (segment.Live == 0)
        {
            _segments.Remove(segment);
            Rows -= segment.Count;
        }
    }

    private int LowerBound(ulong id)
    {
        int index = _sorted.BinarySearch(id);
        return index >= 0 ? index : ~index;
    }
}
