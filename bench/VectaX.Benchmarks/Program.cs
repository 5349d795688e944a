using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/VectaX.Benchmarks -- --filter '*'   (see docs/BENCHMARKS.md)
// dotnet run -c Release --project bench/VectaX.Benchmarks -- gpu-timeline [rows] [d...]   (a GPU batch's chunks, timed)
if (args is ["gpu-timeline", ..])
{
    VectaX.Benchmarks.GpuTimeline.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(VectaX.Benchmarks.BenchConfig).Assembly).Run(args, new VectaX.Benchmarks.BenchConfig());
