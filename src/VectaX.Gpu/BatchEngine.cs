namespace VectaX.Gpu;

/// <summary>
/// The one place that picks where a key's batches run, best first: the device asked for, else (for
/// <see cref="GpuBackend.Auto"/>) the first GPU, else the CPU engine (the <see cref="VectorCipher"/> itself). The CLI's
/// --device cpu takes the CPU engine without coming here, so it never loads this assembly or ILGPU.
/// </summary>
public static class BatchEngine
{
    /// <summary>
    /// The batch engine for <paramref name="cipher"/>'s key. A device engine borrows the cipher (its transform is not
    /// built again): dispose the engine, then the cipher. An explicit backend that is absent is an <see cref="AcceleratorUnavailableException"/>.
    /// </summary>
    public static IBatchCipher Open(VectorCipher cipher, GpuBackend backend = GpuBackend.Auto, long memoryBudgetBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        try
        {
            return new GpuCipher(cipher, backend, memoryBudgetBytes);
        }
        catch (AcceleratorUnavailableException) when (backend == GpuBackend.Auto)
        {
            return cipher;
        }
    }
}
