namespace VectaX.Benchmarks;

/// <summary>The transforms a benchmark compares in one run: Fast as new keys get it, its earlier revisions, Dense.</summary>
public enum KeyScheme
{
    /// <summary>Fast, <see cref="VectaXKey.LatestRevision"/> of the dimension.</summary>
    Fast,

    /// <summary>Fast, <see cref="TransformRevision.SingleGather"/>: one keyed permutation, every Hadamard stage in every round.</summary>
    FastSingleGather,

    /// <summary>Fast, <see cref="TransformRevision.Original"/>: three keyed permutations.</summary>
    FastOriginal,

    /// <summary>Dense.</summary>
    Dense,
}
