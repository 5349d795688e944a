using ILGPU;
using ILGPU.Runtime;

namespace VectaX.Gpu;

/// <summary>One stream with its own device buffers, and the chunk whose results it is copying back.</summary>
internal sealed class DeviceLane : IDisposable
{
    private int _first = -1;

    public DeviceLane(Accelerator accelerator, int rows, int dimension)
    {
        long floats = (long)rows * dimension;
        Stream = accelerator.CreateStream();
        X = accelerator.Allocate1D<float>(floats);
        Y = accelerator.Allocate1D<float>(floats);
        A = accelerator.Allocate1D<float>(floats);
        B = accelerator.Allocate1D<float>(floats);
        Iv = accelerator.Allocate1D<uint>(4L * rows);
        Keystream = accelerator.Allocate1D<uint>((long)rows * (BallNoise.KeystreamBytes(dimension) / sizeof(uint)));
    }

    public AcceleratorStream Stream { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> X { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> Y { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> A { get; }

    public MemoryBuffer1D<float, Stride1D.Dense> B { get; }

    public MemoryBuffer1D<uint, Stride1D.Dense> Iv { get; }

    public MemoryBuffer1D<uint, Stride1D.Dense> Keystream { get; }

    public float[]? Result { get; private set; }

    /// <summary>Marks the chunk starting at row <paramref name="first"/> as in flight, its results bound for <paramref name="result"/>.</summary>
    public void Begin(int first, float[] result)
    {
        _first = first;
        Result = result;
    }

    /// <summary>Waits for the stream and copies the finished chunk into the batch output.</summary>
    public void Finish(Span<float> output, int dimension)
    {
        Stream.Synchronize();
        if (Result is null)
        {
            return;
        }

        Result.CopyTo(output.Slice(_first * dimension, Result.Length));
        Array.Clear(Result);
        Result = null;
    }

    /// <summary>Zeroes the buffers (they held plaintexts, noise and keystream) and frees them.</summary>
    public void Dispose()
    {
        foreach (MemoryBuffer1D<float, Stride1D.Dense> buffer in new[] { X, Y, A, B })
        {
            buffer.View.MemSetToZero(Stream);
        }

        Keystream.View.MemSetToZero(Stream);
        Stream.Synchronize();
        X.Dispose();
        Y.Dispose();
        A.Dispose();
        B.Dispose();
        Iv.Dispose();
        Keystream.Dispose();
        Stream.Dispose();
    }
}
