using System.CommandLine;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// The batch engine for <paramref name="cipher"/> on the named device: cpu is the cipher itself, without loading
    /// the GPU assembly; any other name goes to <see cref="BatchEngine.Open"/>, which borrows the cipher (one transform
    /// setup a key). An absent GPU is an <see cref="AcceleratorUnavailableException"/>.
    /// </summary>
    public static IBatchCipher Open(VectorCipher cipher, string device) =>
        device.Equals("cpu", StringComparison.OrdinalIgnoreCase) ? cipher : OpenDevice(cipher, device);

    /// <summary>Kept out of <see cref="Open"/> so that the CPU path never compiles a reference to the GPU assembly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IBatchCipher OpenDevice(VectorCipher cipher, string device) => BatchEngine.Open(cipher, device.ToLowerInvariant() switch
    {
        "auto" => GpuBackend.Auto,
        "cuda" => GpuBackend.Cuda,
        "opencl" => GpuBackend.OpenCL,
        "ilgpu-cpu" => GpuBackend.IlgpuCpu,
        _ => throw new ArgumentException($"Unknown device '{device}': use cpu, auto, cuda, opencl or ilgpu-cpu."),
    });
}
