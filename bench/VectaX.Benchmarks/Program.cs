using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using VectaX.Benchmarks;

// dotnet run -c Release --project bench/VectaX.Benchmarks -- --filter '*'   (see docs/BENCHMARKS.md)
// ... -- gpu-timeline [rows] [d...]   a GPU batch's chunks, timed on the device
// ... -- cpu-time [d...]   Fast revisions and AES-GCM by process CPU time (ratios that hold on a shared machine)
// ... -- gpu [BenchmarkDotNet options]   the GPU suite alone, which loads nothing of the embedding model (a GPU machine
//                                        can then take a published build without the model's 87 MB)
switch (args)
{
    case ["gpu-timeline", ..]:
        GpuTimeline.Run(args);
        break;
    case ["cpu-time", ..]:
        CpuTimeProbe.Run(args);
        break;
    case ["gpu", .. var rest]:
        // The optimisation validator loads every referenced assembly, the model's too; the published build is Release.
        BenchmarkSwitcher.FromTypes([typeof(GpuBenchmarks), typeof(TwoCoreBenchmarks)])
            .Run(rest.Contains("--filter") ? rest : [.. rest, "--filter", "*"], new BenchConfig().WithOptions(ConfigOptions.DisableOptimizationsValidator));
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
        break;
}
