using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using VectaX.Gpu;

namespace VectaX.Benchmarks;

/// <summary>
/// The copy bound of a GPU batch: its bytes host to device on one stream while as many come back on another, in
/// 64 MiB pieces through page-locked memory, no kernels. Without CUDA or OpenCL it copies on ILGPU's CPU accelerator.
/// </summary>
public sealed class PcieCopy : IDisposable
{
    private const int Piece = 16 << 20;
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _in, _out;
    private readonly PageLockedArray1D<float> _hostIn, _hostOut;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _deviceIn, _deviceOut;

    public PcieCopy(GpuBackend backend)
    {
        _context = Context.Create(b => b.Cuda().OpenCL().CPU());
        Device device = backend switch
        {
            GpuBackend.Cuda => _context.GetCudaDevice(0),
            GpuBackend.OpenCL => _context.GetCLDevice(0),
            _ => _context.GetCPUDevice(0),
        };
        _accelerator = device.CreateAccelerator(_context);
        _in = _accelerator.CreateStream();
        _out = _accelerator.CreateStream();
        _hostIn = _accelerator.AllocatePageLocked1D<float>(Piece, uninitialized: false);
        _hostOut = _accelerator.AllocatePageLocked1D<float>(Piece, uninitialized: false);
        _deviceIn = _accelerator.Allocate1D<float>(Piece);
        _deviceOut = _accelerator.Allocate1D<float>(Piece);
    }

    /// <summary>Moves <paramref name="bytes"/> to the device and as many back, the two directions at once.</summary>
    public void RoundTrip(long bytes)
    {
        for (long done = 0; done < bytes; done += Piece * sizeof(float))
        {
            int floats = (int)Math.Min(Piece, (bytes - done) / sizeof(float));
            ArrayView<float> deviceIn = _deviceIn.View.SubView(0, floats), deviceOut = _deviceOut.View.SubView(0, floats);
            deviceIn.CopyFrom(_in, _hostIn.ArrayView.SubView(0, floats));
            _hostOut.ArrayView.SubView(0, floats).CopyFrom(_out, deviceOut);
        }

        _in.Synchronize();
        _out.Synchronize();
    }

    public void Dispose()
    {
        foreach (IDisposable owned in new IDisposable[] { _deviceIn, _deviceOut, _hostIn, _hostOut, _in, _out, _accelerator, _context })
        {
            owned.Dispose();
        }
    }
}
