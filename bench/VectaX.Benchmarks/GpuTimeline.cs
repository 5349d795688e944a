using System.Diagnostics;
using System.Globalization;
using VectaX.Gpu;

namespace VectaX.Benchmarks;

/// <summary>
/// `-- gpu-timeline [rows] [d...]`: one batch per dimension on the GPU with its chunks timed by device events (input
/// copy, kernels, result copy), printed as a timeline with the overlap it achieved: the chunks' device work summed
/// against the wall time from the first chunk's start to the last chunk's end, and the whole call's time.
/// </summary>
public static class GpuTimeline
{
    /// <summary>Auto, or the backend VECTAX_GPU_BACKEND names (IlgpuCpu tries the probe on a machine without a GPU).</summary>
    private static GpuBackend Backend => Enum.TryParse(Environment.GetEnvironmentVariable("VECTAX_GPU_BACKEND"), ignoreCase: true, out GpuBackend b) ? b : GpuBackend.Auto;

    public static void Run(string[] args)
    {
        int requested = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : GpuBenchmarks.Rows;
        int[] dims = args.Length > 2 ? [.. args.Skip(2).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [384, 768, 1536];
        foreach (int d in dims)
        {
            int rows = Math.Min(requested, int.MaxValue / Math.Max(d, EncryptedVectorFormat.Size)); // one array holds the batch, one its metadata
            using VectaXKey key = VectaXKey.Generate(d, TransformKind.Fast);
            GpuCipher gpu;
            try
            {
                gpu = new GpuCipher(key, Backend, memoryBudgetBytes: 0, keepTimeline: true);
            }
            catch (AcceleratorUnavailableException e)
            {
                Console.WriteLine($"d={d}: no device ({e.Message}); nothing to time.");
                return;
            }

            using GpuCipher owned = gpu;

            float[] x = BenchData.Uniform((long)rows * d, seed: d);
            float[] c = new float[x.Length];
            byte[] m = new byte[rows * EncryptedVectorFormat.Size];
            gpu.EncryptBatch(x, c, m); // warm: kernels compiled, lanes and page-locked staging allocated
            var clock = Stopwatch.StartNew();
            gpu.EncryptBatch(x, c, m);
            double call = clock.Elapsed.TotalMilliseconds;
            Print(d, rows, gpu, call);
        }
    }

    private static void Print(int d, int rows, GpuCipher gpu, double callMs)
    {
        List<ChunkTiming> chunks = gpu.Timeline!;
        double copyIn = chunks.Sum(c => c.CopyInMs), kernels = chunks.Sum(c => c.KernelsMs), copyOut = chunks.Sum(c => c.CopyOutMs);
        double wall = chunks.Max(c => c.EndMs) - chunks.Min(c => c.StartMs);
        double serial = copyIn + kernels + copyOut;
        double gb = (double)rows * d * sizeof(float) / 1e9;
        Console.WriteLine(FormattableString.Invariant($"## d = {d}, {rows:N0} rows, {chunks.Count} chunks of up to {chunks.Max(c => c.Rows):N0} rows, {gpu.EngineName}"));
        Console.WriteLine("| chunk | start ms | copy in ms | kernels ms | copy out ms | end ms |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < chunks.Count; i++)
        {
            ChunkTiming t = chunks[i];
            if (i < 4 || i >= chunks.Count - 2)
            {
                Console.WriteLine(FormattableString.Invariant($"| {i} | {t.StartMs:F2} | {t.CopyInMs:F2} | {t.KernelsMs:F2} | {t.CopyOutMs:F2} | {t.EndMs:F2} |"));
            }
            else if (i == 4)
            {
                Console.WriteLine("| ... | | | | | |");
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"sums: copy in {copyIn:F1} ms ({gb / (copyIn / 1e3):F1} GB/s), kernels {kernels:F1} ms, copy out {copyOut:F1} ms ({gb / (copyOut / 1e3):F1} GB/s); device work serial {serial:F1} ms, first start to last end {wall:F1} ms (overlap saved {100 * (1 - (wall / serial)):F0} %); whole call {callMs:F1} ms = {rows / (callMs / 1e3):N0} vectors/s"));
        HostTiming host = gpu.HostTimes;
        Console.WriteLine(FormattableString.Invariant($"host: waiting for the device {host.WaitMs:F1} ms, results out of staging with their tags {host.DrainMs:F1} ms, inputs into staging with their noise counters {host.StageMs:F1} ms"));
        Console.WriteLine();
    }
}
