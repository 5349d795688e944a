namespace VectaX.Gpu;

/// <summary>Where a <see cref="GpuCipher"/> runs its batches; a backend that is absent is an <see cref="AcceleratorUnavailableException"/>.</summary>
public enum GpuBackend
{
    /// <summary>CUDA, then OpenCL (<see cref="BatchEngine.Open"/> goes on to the CPU engine when neither is present).</summary>
    Auto = 0,

    /// <summary>An NVIDIA GPU through CUDA.</summary>
    Cuda,

    /// <summary>An OpenCL GPU (CPU platforms such as pocl are passed over).</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: runs the device kernels on the CPU, for tests on machines without a GPU.</summary>
    IlgpuCpu,
}
