namespace VectaX.Kernels;

/// <summary>
/// The operations a kernel body needs from one vector width. Each kernel is written once, generic over
/// this interface, and the JIT specialises it per width. Every operation is IEEE-exact or correctly
/// rounded (FMA included), so a kernel gives the same bits at every width as long as it fixes the
/// order of its operations, which the kernels do by reducing over a canonical 16-lane layout.
/// </summary>
internal interface ISimd<TVec>
    where TVec : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract bool IsSupported { get; }

    static abstract TVec Load(ref float source);

    static abstract void Store(TVec value, ref float destination);

    static abstract TVec Splat(float value);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>a * b + c with a single rounding.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Sqrt(TVec a);

    /// <summary>All-ones lanes where a &lt; b.</summary>
    static abstract TVec LessThan(TVec a, TVec b);

    /// <summary>All-ones lanes where a == b.</summary>
    static abstract TVec Equal(TVec a, TVec b);

    static abstract TVec Or(TVec a, TVec b);

    /// <summary>Lanes of <paramref name="ifTrue"/> where the mask is set, else of <paramref name="ifFalse"/>.</summary>
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

    /// <summary>True when no lane is NaN or infinite.</summary>
    static abstract bool AllFinite(TVec value);

    /// <summary>Walsh-Hadamard butterflies of stride 1, 2, 4, ... below <see cref="Count"/>, in that order, unnormalised.</summary>
    static abstract TVec HadamardLanes(TVec value);

    /// <summary>
    /// Splits each lane exactly into value = mantissa * 2^exponent with the returned mantissa in [pivot, 2 * pivot) and
    /// the exponent an integer as a float, by integer arithmetic on the bits: no branch, no table. Defined only for
    /// positive normal lanes and a positive normal pivot with 2 * pivot finite; other lanes give unspecified results.
    /// </summary>
    static abstract TVec SplitExponent(TVec value, float pivot, out TVec exponent);

    /// <summary>
    /// Lane j gets row[indices[j] &amp; 15]: <see cref="Count"/> floats picked from one row of 16 by the low four bits of
    /// each index (a lane permutation at 16 lanes, no range check needed: every pick stays in the row).
    /// </summary>
    static abstract TVec PickFromRow(ref float row, ref int indices);

    /// <summary>Loads <see cref="Count"/> words and returns their low and high 16-bit halves as exact floats.</summary>
    static abstract void SplitWords(ref uint source, out TVec low, out TVec high);
}
