namespace VectaX.Kernels;

/// <summary>The SIMD width a <see cref="KernelSet"/> runs at; every width gives bit-identical results.</summary>
public enum KernelWidth
{
    /// <summary>Plain scalar code: the reference every other width is checked against.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE on x64, NEON on Arm64).</summary>
    V128 = 128,

    /// <summary>256-bit vectors (AVX2).</summary>
    V256 = 256,

    /// <summary>512-bit vectors (AVX-512).</summary>
    V512 = 512,
}
