using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace VectaX.Benchmarks;

/// <summary>A short job (the machines are shared: ratios within one run are what we report), memory and throughput columns.</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(7).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn(), RankColumn.Arabic);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);

        // The generated project builds slowly while the shared CPU is busy; the default two minutes was not enough.
        BuildTimeout = TimeSpan.FromMinutes(10);
    }
}
