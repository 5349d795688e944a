using System.Runtime.CompilerServices;
using VectaX.Kernels;

namespace VectaX;

/// <summary>A secret orthogonal map Q on R^d, derived deterministically from a sub-key.</summary>
internal abstract class OrthogonalTransform
{
    protected OrthogonalTransform(int dimension) => Dimension = dimension;

    public int Dimension { get; }

    /// <summary>
    /// When set, counts the transforms built in this async flow (and the flows it starts): a caller that should build
    /// one transform a key (the Dense one is O(d^3)) can be checked without timing it.
    /// </summary>
    internal static AsyncLocal<StrongBox<int>?> Setups { get; } = new();

    public static OrthogonalTransform Create(TransformKind kind, TransformRevision revision, ReadOnlySpan<byte> key, int dimension)
    {
        if (Setups.Value is { } setups)
        {
            Interlocked.Increment(ref setups.Value);
        }

        return kind switch
        {
            TransformKind.Fast => new FastTransform(key, dimension, revision),
            TransformKind.Dense => new DenseTransform(key, dimension),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transform kind."),
        };
    }

    /// <summary>
    /// Rows a batch worker maps at once: many where one call over a block of rows is cheaper than a call per row
    /// (the dense GEMM), one where rows are independent (the fast transform), so each row is transformed, noised and
    /// tagged while it is in L1.
    /// </summary>
    public abstract int BatchRows { get; }

    /// <summary>Floats of scratch <see cref="Forward"/> and <see cref="Inverse"/> need: d where rounds alternate between buffers, else none.</summary>
    public abstract int ScratchFloats { get; }

    /// <summary>Rows of y = Q x, for <paramref name="rows"/> row-major vectors; scratch holds <see cref="ScratchFloats"/> floats.</summary>
    public abstract void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch, int rows, KernelSet kernels);

    /// <summary>Rows of x = Q^T y; y is overwritten; scratch holds <see cref="ScratchFloats"/> floats.</summary>
    public abstract void Inverse(Span<float> y, Span<float> x, Span<float> scratch, int rows, KernelSet kernels);

    /// <summary>Zeroes the secret tables.</summary>
    public abstract void Clear();
}
