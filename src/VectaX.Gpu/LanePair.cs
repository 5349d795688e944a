using ILGPU.Runtime;

namespace VectaX.Gpu;

/// <summary>One or two lanes used in turn.</summary>
internal sealed class LanePair : IDisposable
{
    private readonly DeviceLane[] _lanes;

    public LanePair(Accelerator accelerator, int rows, int dimension, int count) =>
        _lanes = [.. Enumerable.Range(0, count).Select(_ => new DeviceLane(accelerator, rows, dimension))];

    public DeviceLane this[int chunk] => _lanes[chunk % _lanes.Length];

    public void FinishAll(Span<float> output, int dimension)
    {
        foreach (DeviceLane lane in _lanes)
        {
            lane.Finish(output, dimension);
        }
    }

    public void Dispose()
    {
        foreach (DeviceLane lane in _lanes)
        {
            lane.Dispose();
        }
    }
}
