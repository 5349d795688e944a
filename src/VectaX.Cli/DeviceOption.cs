using System.CommandLine;
using VectaX.Gpu;

namespace VectaX.Cli;

/// <summary>The --device option of the batch commands: where batches run (the CPU engine unless a GPU is asked for).</summary>
internal static class DeviceOption
{
    public static Option<string> Create() => new("--device")
    {
        Description = "cpu (every core), auto (CUDA, then OpenCL, else cpu), cuda, opencl, or ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>A batch cipher for <paramref name="key"/> on the named device; an absent GPU is an <see cref="AcceleratorUnavailableException"/>.</summary>
    public static GpuCipher Open(VectaXKey key, string device) => new(key, device.ToLowerInvariant() switch
    {
        "cpu" => GpuBackend.CpuEngine,
        "auto" => GpuBackend.Auto,
        "cuda" => GpuBackend.Cuda,
        "opencl" => GpuBackend.OpenCL,
        "ilgpu-cpu" => GpuBackend.IlgpuCpu,
        _ => throw new ArgumentException($"Unknown device '{device}': use cpu, auto, cuda, opencl or ilgpu-cpu."),
    });
}
