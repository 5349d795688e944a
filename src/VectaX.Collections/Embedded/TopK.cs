namespace VectaX.Collections.Embedded;

/// <summary>The nearest rows seen so far for one query: a max-heap on distance, so the worst kept is at the root and is replaced in O(log k).</summary>
internal sealed class TopK(int k)
{
    private readonly float[] _distances = new float[k];
    private readonly (Segment Segment, int Row)[] _rows = new (Segment, int)[k];
    private int _count;

    /// <summary>A distance that can still enter: every one while not full, then only those below the worst kept.</summary>
    public float Bound => _count < k ? float.PositiveInfinity : _distances[0];

    public void Offer(float distance, Segment segment, int row)
    {
        if (_count < k)
        {
            int i = _count++;
            _distances[i] = distance;
            _rows[i] = (segment, row);
            SiftUp(i);
        }
        else if (distance < _distances[0])
        {
            _distances[0] = distance;
            _rows[0] = (segment, row);
            SiftDown(0);
        }
    }

    public void MergeInto(TopK other)
    {
        for (int i = 0; i < _count; i++)
        {
            other.Offer(_distances[i], _rows[i].Segment, _rows[i].Row);
        }
    }

    /// <summary>The kept rows nearest first; ties by id, so results do not depend on how the scan was split.</summary>
    public (float Distance, Segment Segment, int Row)[] Sorted()
    {
        var result = new (float Distance, Segment Segment, int Row)[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = (_distances[i], _rows[i].Segment, _rows[i].Row);
        }

        Array.Sort(result, static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Segment.Ids.Span[a.Row].CompareTo(b.Segment.Ids.Span[b.Row]));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_distances[parent] >= _distances[i])
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int largest = i, left = (2 * i) + 1, right = left + 1;
            if (left < _count && _distances[left] > _distances[largest])
            {
                largest = left;
            }

            if (right < _count && _distances[right] > _distances[largest])
            {
                largest = right;
            }

            if (largest == i)
            {
                return;
            }

            Swap(i, largest);
            i = largest;
        }
    }

    private void Swap(int a, int b)
    {
        (_distances[a], _distances[b]) = (_distances[b], _distances[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
