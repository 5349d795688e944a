using ILGPU.Runtime;

namespace VectaX.Gpu;

/// <summary>One or two lanes used in turn, kept by the cipher between batches (page-locked memory is slow to allocate).</summary>
internal sealed class LanePair : IDisposable
{
    private readonly DeviceLane[] _lanes;

    public LanePair(Accelerator accelerator, int rows, int dimension, int keystreamBytes, int count)
    {
        Rows = rows;
        _lanes = new DeviceLane[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                _lanes[i] = new DeviceLane(accelerator, rows, dimension, keystreamBytes);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Rows each lane holds.</summary>
    public int Rows { get; }

    public IReadOnlyList<DeviceLane> All => _lanes;

    public DeviceLane this[int chunk] => _lanes[chunk % _lanes.Length];

    /// <summary>After a batch: waits for every lane, then zeroes the host and device buffers that held plaintexts and noise.</summary>
    public void Scrub(bool plaintextsIn)
    {
        foreach (DeviceLane lane in _lanes)
        {
            lane.Stream.Synchronize();
            lane.InFlight = null;
            foreach (IDisposable marker in lane.Markers ?? [])
            {
                marker.Dispose(); // a batch that failed before draining this lane left its markers
            }

            lane.Markers = null;
            (plaintextsIn ? lane.HostIn : lane.HostOut).Span.Clear();
            lane.HostIv.Span.Clear();
            lane.X.View.MemSetToZero(lane.Stream);
            lane.Y.View.MemSetToZero(lane.Stream);
            lane.A.View.MemSetToZero(lane.Stream);
            lane.B.View.MemSetToZero(lane.Stream);
            lane.Keystream.View.MemSetToZero(lane.Stream);
            lane.Stream.Synchronize();
        }
    }

    public void Dispose()
    {
        foreach (DeviceLane? lane in _lanes)
        {
            lane?.Dispose();
        }
    }
}
