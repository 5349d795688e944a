using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/VectaX.Benchmarks -- --filter '*'   (see docs/BENCHMARKS.md)
BenchmarkSwitcher.FromAssembly(typeof(VectaX.Benchmarks.BenchConfig).Assembly).Run(args, new VectaX.Benchmarks.BenchConfig());
