using ILGPU;
using ILGPU.Runtime;

namespace VectaX.Gpu;

/// <summary>
/// One stream with its own device buffers and page-locked host staging, and the chunk it has in flight. Copies
/// between page-locked host memory and the device are asynchronous DMA, so while this lane's copies run, the
/// other lane's kernels do.
/// </summary>
internal sealed class DeviceLane : IDisposable
{
    /// <summary>Buffers for <paramref name="rows"/> rows of <paramref name="dimension"/> floats and <paramref name="keystreamBytes"/> of noise keystream each.</summary>
    public DeviceLane(Accelerator accelerator, int rows, int dimension, int keystreamBytes)
    {
        long floats = (long)rows * dimension;
        Stream = accelerator.CreateStream();
        X = accelerator.Allocate1D<float>(floats);
        Y = accelerator.Allocate1D<float>(floats);
        A = accelerator.Allocate1D<float>(floats);
        B = accelerator.Allocate1D<float>(floats);
        Iv = accelerator.Allocate1D<uint>(4L * rows);
        Keystream = accelerator.Allocate1D<uint>((long)rows * (keystreamBytes / sizeof(uint)));
        HostIn = accelerator.AllocatePageLocked1D<float>(floats, uninitialized: true);
        HostOut = accelerator.AllocatePageLocked1D<float>(floats, uninitialized: true);
        HostIv = accelerator.AllocatePageLocked1D<uint>(4L * rows, uninitialized: true);
    }

    public AcceleratorStream Stream { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> X { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> Y { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> A { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> B { get; }

    public MemoryBuffer1D<uint, Stride1D.Dense> Iv { get; }

    public MemoryBuffer1D<uint, Stride1D.Dense> Keystream { get; }

    /// <summary>Page-locked staging for the chunk's input rows.</summary>
    public PageLockedArray1D<float> HostIn { get; }

    /// <summary>Page-locked landing place for the chunk's results.</summary>
    public PageLockedArray1D<float> HostOut { get; }

    /// <summary>Page-locked staging for the chunk's noise counters, four words a row.</summary>
    public PageLockedArray1D<uint> HostIv { get; }

    /// <summary>The chunk in flight (first row, row count), or null.</summary>
    public (int First, int Rows)? InFlight { get; set; }

    /// <summary>Profiling markers of the chunk in flight (start, inputs copied, kernels done, results copied), when a timeline is kept.</summary>
    public ProfilingMarker[]? Markers { get; set; }

    /// <summary>Zeroes every buffer (they held plaintexts, noise and keystream) and frees them.</summary>
    public void Dispose()
    {
        foreach (MemoryBuffer1D<float, Stride1D.Dense> buffer in new[] { X, Y, A, B })
        {
            buffer.View.MemSetToZero(Stream);
        }

        Keystream.View.MemSetToZero(Stream);
        Stream.Synchronize();
        HostIn.Span.Clear();
        HostOut.Span.Clear();
        foreach (IDisposable owned in new IDisposable[] { X, Y, A, B, Iv, Keystream, HostIn, HostOut, HostIv, Stream })
        {
            owned.Dispose();
        }
    }
}
