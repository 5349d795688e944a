using VectaX.Gpu;

namespace VectaX.Tests.Gpu;

/// <summary>The device kernels on ILGPU's CPU accelerator: runs on every machine.</summary>
public sealed class IlgpuCpuGpuCipherTests : GpuCipherContract
{
    protected override GpuBackend Backend => GpuBackend.IlgpuCpu;
}

/// <summary>The device kernels on CUDA: skipped, with the reason, where no NVIDIA GPU is present.</summary>
public sealed class CudaGpuCipherTests : GpuCipherContract
{
    protected override GpuBackend Backend => GpuBackend.Cuda;
}

/// <summary>The device kernels on OpenCL: skipped, with the reason, where no OpenCL device is present.</summary>
public sealed class OpenClGpuCipherTests : GpuCipherContract
{
    protected override GpuBackend Backend => GpuBackend.OpenCL;
}
