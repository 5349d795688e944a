using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// The allocation-free span kernels at one SIMD width. Every width returns the same bits as
/// <see cref="KernelWidth.Scalar"/>; pick one with <see cref="Get"/> or take <see cref="KernelDispatch.Default"/>.
/// </summary>
public abstract class KernelSet
{
    private protected KernelSet()
    {
    }

    /// <summary>The width this set runs at.</summary>
    public abstract KernelWidth Width { get; }

    /// <summary>The set for <paramref name="width"/>; throws <see cref="NotSupportedException"/> where the CPU lacks it.</summary>
    public static KernelSet Get(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => KernelSet<ScalarSimd, float>.Instance,
        KernelWidth.V128 => Checked(KernelSet<V128Simd, System.Runtime.Intrinsics.Vector128<float>>.Instance, V128Simd.IsSupported),
        KernelWidth.V256 => Checked(KernelSet<V256Simd, System.Runtime.Intrinsics.Vector256<float>>.Instance, V256Simd.IsSupported),
        KernelWidth.V512 => Checked(KernelSet<V512Simd, System.Runtime.Intrinsics.Vector512<float>>.Instance, V512Simd.IsSupported),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Unknown kernel width."),
    };

    /// <summary>Whether this CPU runs <paramref name="width"/> in hardware.</summary>
    public static bool IsSupported(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => true,
        KernelWidth.V128 => V128Simd.IsSupported,
        KernelWidth.V256 => V256Simd.IsSupported,
        KernelWidth.V512 => V512Simd.IsSupported,
        _ => false,
    };

    /// <summary>Sum of x[i] * y[i].</summary>
    public float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        SameLength(x.Length, y.Length);
        return DotCore(x, y);
    }

    /// <summary>Sum of (x[i] - y[i])^2.</summary>
    public float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        SameLength(x.Length, y.Length);
        return SquaredDistanceCore(x, y);
    }

    /// <summary>Sum of x[i]^2.</summary>
    public float SumOfSquares(ReadOnlySpan<float> x) => DotCore(x, x);

    /// <summary>Cosine of the angle between x and y; 0 when either is the zero vector.</summary>
    public float CosineSimilarity(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        SameLength(x.Length, y.Length);
        float norms = MathF.Sqrt(DotCore(x, x)) * MathF.Sqrt(DotCore(y, y));
        return norms == 0 ? 0 : DotCore(x, y) / norms;
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    public abstract bool AllFinite(ReadOnlySpan<float> x);

    /// <summary>destination[i] = scale * x[i] + addend[i], with one rounding.</summary>
    public void ScaleAdd(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> addend, Span<float> destination)
    {
        SameLength(x.Length, addend.Length);
        SameLength(x.Length, destination.Length);
        ScaleAddCore(scale, x, addend, destination);
    }

    /// <summary>destination[i] = (x[i] - subtrahend[i]) / divisor.</summary>
    public void SubtractDivide(ReadOnlySpan<float> x, ReadOnlySpan<float> subtrahend, float divisor, Span<float> destination)
    {
        SameLength(x.Length, subtrahend.Length);
        SameLength(x.Length, destination.Length);
        SubtractDivideCore(x, subtrahend, divisor, destination);
    }

    /// <summary>
    /// destination[i] = scale * x[i] + (y[i] * factor), the product rounded and then one fused rounding: the bits of
    /// <see cref="Multiply"/> then <see cref="ScaleAdd"/>, in one pass. True when every result is finite.
    /// </summary>
    public bool ScaleAddProduct(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, Span<float> destination)
    {
        SameLength(x.Length, y.Length);
        SameLength(x.Length, destination.Length);
        return ScaleAddProductCore(scale, x, y, factor, destination);
    }

    /// <summary>destination[i] = (x[i] - y[i] * factor) / divisor, the product rounded first: <see cref="Multiply"/> then <see cref="SubtractDivide"/>, in one pass.</summary>
    public void SubtractProductDivide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, float divisor, Span<float> destination)
    {
        SameLength(x.Length, y.Length);
        SameLength(x.Length, destination.Length);
        SubtractProductDivideCore(x, y, factor, divisor, destination);
    }

    /// <summary>destination[i] = x[i] * factor.</summary>
    public void Multiply(ReadOnlySpan<float> x, float factor, Span<float> destination)
    {
        SameLength(x.Length, destination.Length);
        MultiplyCore(x, factor, destination);
    }

    /// <summary>destination[i] = x[i] * factors[i]; x and destination may be the same span.</summary>
    public void MultiplyEach(ReadOnlySpan<float> x, ReadOnlySpan<float> factors, Span<float> destination)
    {
        SameLength(x.Length, factors.Length);
        SameLength(x.Length, destination.Length);
        MultiplyEachCore(x, factors, destination);
    }

    /// <summary>Normalised Walsh-Hadamard transform in place; the length must be a power of two. Its own inverse.</summary>
    public void Hadamard(Span<float> block)
    {
        if (!int.IsPow2(block.Length))
        {
            ThrowLength("The Hadamard block length must be a power of two.");
        }

        HadamardCore(block);
    }

    /// <summary>
    /// The Walsh-Hadamard stages of stride 16 and up on a block of 16b floats (b a power of two, at least 2), normalised by
    /// 1/sqrt(b): the transform across the block's rows of 16, in place. Its own inverse.
    /// </summary>
    public void HadamardRows(Span<float> block)
    {
        int rows = block.Length / Kernels.Hadamard.GroupLength;
        if (block.Length % Kernels.Hadamard.GroupLength != 0 || rows < 2 || !int.IsPow2(rows))
        {
            ThrowLength("HadamardRows needs 16b floats, b a power of two and at least 2.");
        }

        HadamardRowsCore(block);
    }

    /// <summary>
    /// x = post * H16(pre * x) on every aligned group of 16 floats, in place: H16 the unnormalised Walsh-Hadamard stages of
    /// stride 1, 2, 4 and 8. x.Length a multiple of 16; <paramref name="pre"/> and <paramref name="post"/> as long as x and
    /// not overlapping it (the widths read them at different points of a group's stages).
    /// </summary>
    public void HadamardGroups(Span<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> post)
    {
        if (x.Length % Kernels.Hadamard.GroupLength != 0)
        {
            ThrowLength("HadamardGroups needs a multiple of 16 floats.");
        }

        SameLength(x.Length, pre.Length);
        SameLength(x.Length, post.Length);
        if (x.Overlaps(pre) || x.Overlaps(post))
        {
            throw new ArgumentException("HadamardGroups' factors must not overlap x.");
        }

        HadamardGroupsCore(x, pre, post);
    }

    /// <summary>Two standard normal samples per random word (Box-Muller); words.Length a multiple of 16.</summary>
    public void Gaussians(ReadOnlySpan<uint> words, Span<float> destination)
    {
        if (words.Length % BoxMuller.WordsPerBlock != 0 || destination.Length != 2 * words.Length)
        {
            ThrowLength("Gaussians needs a multiple of 16 words and twice as many outputs.");
        }

        GaussiansCore(words, destination);
    }

    /// <summary>
    /// <see cref="Gaussians"/>, returning the sum of squares of destination[..count] computed in the same pass: the
    /// bits of <see cref="SumOfSquares"/> over those samples.
    /// </summary>
    public float GaussiansSumOfSquares(ReadOnlySpan<uint> words, Span<float> destination, int count)
    {
        if (words.Length % BoxMuller.WordsPerBlock != 0 || destination.Length != 2 * words.Length || (uint)count > (uint)destination.Length)
        {
            ThrowLength("Gaussians needs a multiple of 16 words, twice as many outputs and a count within them.");
        }

        return GaussiansSumOfSquaresCore(words, destination, count);
    }

    /// <summary>c = a * b for row-major a (rows x inner), b (inner x columns) and c (rows x columns).</summary>
    public void MatrixMultiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (a.Length != (long)rows * inner || b.Length != (long)inner * columns || c.Length != (long)rows * columns)
        {
            ThrowLength("Matrix spans do not match the stated shapes.");
        }

        MatrixMultiplyCore(a, b, c, rows, inner, columns);
    }

    /// <summary>destination[i] = source[indices[i]] * signs[i]; the same at every width.</summary>
    public static void GatherSigned(ReadOnlySpan<float> source, ReadOnlySpan<int> indices, ReadOnlySpan<float> signs, Span<float> destination)
    {
        SameLength(indices.Length, signs.Length);
        SameLength(indices.Length, destination.Length);
        if (!AllBelow(indices, source.Length))
        {
            ThrowLength("A gather index is out of range.");
        }

        GatherSignedCore(source, indices, signs, destination);
    }

    /// <summary>
    /// <see cref="GatherSigned"/> for a table that moves whole rows of 16 (each aligned run of 16 indices points into
    /// one aligned row of 16 of the source, in any order): the same result, one lane permutation a row. Lengths a
    /// multiple of 16; a table of any other shape is refused, and so is a destination that overlaps the source or the
    /// signs (the widths read them at different points of a row).
    /// </summary>
    public void GatherRows(ReadOnlySpan<float> source, ReadOnlySpan<int> table, ReadOnlySpan<float> signs, Span<float> destination)
    {
        SameLength(table.Length, signs.Length);
        SameLength(table.Length, destination.Length);
        if (destination.Overlaps(source) || destination.Overlaps(signs))
        {
            throw new ArgumentException("GatherRows' destination must not overlap the source or the signs.");
        }

        if (!RowGather.MovesRows(table, source.Length))
        {
            ThrowLength("GatherRows needs a table whose every run of 16 indices lies in one row of 16 of the source.");
        }

        GatherRowsCore(source, table, signs, destination);
    }

    /// <summary>
    /// Sum of a[i] * b[i] in double precision, in one order at every width (eight interleaved partial sums, then the
    /// tail): the dense transform's construction builds the same Q on every machine.
    /// </summary>
    public double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SameLength(a.Length, b.Length);
        return DoubleDotCore(a, b);
    }

    /// <summary>One Householder reflection of a row: row[i] = (row[i] - w * v[i]) * sign with w = (row . v) * factor, the subtraction fused.</summary>
    public void Reflect(Span<double> row, ReadOnlySpan<double> v, double factor, double sign)
    {
        SameLength(row.Length, v.Length);
        ReflectCore(row, v, factor, sign);
    }

    /// <summary>Floats in a group of <see cref="HadamardGroups"/> and in a row of <see cref="HadamardRows"/>: 16.</summary>
    public const int HadamardGroupLength = Kernels.Hadamard.GroupLength;

    /// <summary>1/sqrt(<paramref name="length"/>): the factor <see cref="Hadamard"/> multiplies a block of that length by, rounded as it rounds it (for device kernels that must match).</summary>
    public static float HadamardNormaliser(int length) => Kernels.Hadamard.Normaliser(length);

    /// <summary>Every index in [0, limit): a vector compare a step (the gather's check, a small part of the gather).</summary>
    private static bool AllBelow(ReadOnlySpan<int> indices, int limit)
    {
        ref uint p = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetReference(indices));
        var bound = new Vector<uint>((uint)limit);
        Vector<uint> over = Vector<uint>.Zero;
        int i = 0;
        for (; i <= indices.Length - Vector<uint>.Count; i += Vector<uint>.Count)
        {
            over |= Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref p, (nuint)i), bound);
        }

        bool below = over == Vector<uint>.Zero;
        for (; i < indices.Length; i++)
        {
            below &= Unsafe.Add(ref p, i) < (uint)limit;
        }

        return below;
    }

    private static void GatherSignedCore(ReadOnlySpan<float> source, ReadOnlySpan<int> indices, ReadOnlySpan<float> signs, Span<float> destination)
    {
        ref float ps = ref MemoryMarshal.GetReference(source);
        ref int pi = ref MemoryMarshal.GetReference(indices);
        ref float pg = ref MemoryMarshal.GetReference(signs);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= destination.Length - 4; i += 4)
        {
            Unsafe.Add(ref pd, i) = Unsafe.Add(ref ps, Unsafe.Add(ref pi, i)) * Unsafe.Add(ref pg, i);
            Unsafe.Add(ref pd, i + 1) = Unsafe.Add(ref ps, Unsafe.Add(ref pi, i + 1)) * Unsafe.Add(ref pg, i + 1);
            Unsafe.Add(ref pd, i + 2) = Unsafe.Add(ref ps, Unsafe.Add(ref pi, i + 2)) * Unsafe.Add(ref pg, i + 2);
            Unsafe.Add(ref pd, i + 3) = Unsafe.Add(ref ps, Unsafe.Add(ref pi, i + 3)) * Unsafe.Add(ref pg, i + 3);
        }

        for (; i < destination.Length; i++)
        {
            Unsafe.Add(ref pd, i) = Unsafe.Add(ref ps, Unsafe.Add(ref pi, i)) * Unsafe.Add(ref pg, i);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"KernelSet({Width})";

    private protected abstract float DotCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y);

    private protected abstract float SquaredDistanceCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y);

    private protected abstract void ScaleAddCore(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> addend, Span<float> destination);

    private protected abstract void SubtractDivideCore(ReadOnlySpan<float> x, ReadOnlySpan<float> subtrahend, float divisor, Span<float> destination);

    private protected abstract bool ScaleAddProductCore(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, Span<float> destination);

    private protected abstract void SubtractProductDivideCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, float divisor, Span<float> destination);

    private protected abstract void MultiplyCore(ReadOnlySpan<float> x, float factor, Span<float> destination);

    private protected abstract void MultiplyEachCore(ReadOnlySpan<float> x, ReadOnlySpan<float> factors, Span<float> destination);

    private protected abstract void HadamardCore(Span<float> block);

    private protected abstract void HadamardRowsCore(Span<float> block);

    private protected abstract void GatherRowsCore(ReadOnlySpan<float> source, ReadOnlySpan<int> table, ReadOnlySpan<float> signs, Span<float> destination);

    private protected abstract void HadamardGroupsCore(Span<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> post);

    private protected abstract double DoubleDotCore(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    private protected abstract void ReflectCore(Span<double> row, ReadOnlySpan<double> v, double factor, double sign);

    private protected abstract void GaussiansCore(ReadOnlySpan<uint> words, Span<float> destination);

    private protected abstract float GaussiansSumOfSquaresCore(ReadOnlySpan<uint> words, Span<float> destination, int count);

    private protected abstract void MatrixMultiplyCore(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int columns);

    private static KernelSet Checked(KernelSet set, bool supported) =>
        supported ? set : throw new NotSupportedException($"This CPU does not accelerate the {set.Width} kernels.");

    private static void SameLength(int expected, int actual)
    {
        if (expected != actual)
        {
            ThrowLength($"Span lengths differ: {expected} and {actual}.");
        }
    }

    [DoesNotReturn]
    [System.Diagnostics.StackTraceHidden]
    private static void ThrowLength(string message) => throw new ArgumentException(message);
}
