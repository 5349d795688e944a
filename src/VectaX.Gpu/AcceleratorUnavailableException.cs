namespace VectaX.Gpu;

/// <summary>The compute accelerator asked for (CUDA, OpenCL) is not present on this machine.</summary>
public sealed class AcceleratorUnavailableException : VectaXException
{
    internal AcceleratorUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error for an accelerator kind that could not be found.</summary>
    public static AcceleratorUnavailableException For(string accelerator) => new($"No {accelerator} device is available on this machine.");
}
