namespace VectaX.Gpu;

/// <summary>Where a <see cref="GpuCipher"/> runs its batches.</summary>
public enum GpuBackend
{
    /// <summary>CUDA, then OpenCL, then the CPU engine (<see cref="VectorCipher"/>) when no GPU is present.</summary>
    Auto = 0,

    /// <summary>An NVIDIA GPU through CUDA; absent hardware is an <see cref="AcceleratorUnavailableException"/>.</summary>
    Cuda,

    /// <summary>An OpenCL GPU (CPU platforms such as pocl are passed over); absent hardware is an <see cref="AcceleratorUnavailableException"/>.</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: runs the device kernels on the CPU, for tests on machines without a GPU.</summary>
    IlgpuCpu,

    /// <summary>The CPU engine, no device kernels.</summary>
    CpuEngine,
}
