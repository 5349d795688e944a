using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace VectaX.Benchmarks;

/// <summary>A short job (the machines are shared: ratios within one run are what we report), memory and throughput columns.</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        // On a machine without the SDK (a lent GPU machine gets a published build) VECTAX_BENCH_INPROCESS=1 runs the
        // benchmarks in this process; VECTAX_BENCH_SHORT=1 takes one warm-up and three iterations, for second-long batches.
        bool shortRun = Environment.GetEnvironmentVariable("VECTAX_BENCH_SHORT") == "1";
        Job job = Job.Default.WithWarmupCount(shortRun ? 1 : 3).WithIterationCount(shortRun ? 3 : 7).WithLaunchCount(1);
        AddJob(Environment.GetEnvironmentVariable("VECTAX_BENCH_INPROCESS") == "1" ? job.WithToolchain(InProcessEmitToolchain.Instance) : job);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn(), RankColumn.Arabic);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);

        // The generated project builds slowly while the shared CPU is busy; the default two minutes was not enough.
        BuildTimeout = TimeSpan.FromMinutes(10);
    }
}
