namespace VectaX.Gpu;

/// <summary>One chunk of a batch on the device, in milliseconds: when its lane started it (from the batch's start), its input copy, its kernels and its result copy.</summary>
internal readonly record struct ChunkTiming(int First, int Rows, double StartMs, double CopyInMs, double KernelsMs, double CopyOutMs)
{
    /// <summary>When the chunk's results had landed in host memory, from the batch's start.</summary>
    public double EndMs => StartMs + CopyInMs + KernelsMs + CopyOutMs;
}

/// <summary>A batch's host side in milliseconds: blocked on the device, results out of staging (with an encrypt's tags), inputs into staging with their noise counters.</summary>
internal readonly record struct HostTiming(double WaitMs, double DrainMs, double StageMs);
