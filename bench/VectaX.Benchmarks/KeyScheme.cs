namespace VectaX.Benchmarks;

/// <summary>The transforms a benchmark compares in one run: Fast as new keys get it, Fast as keys from before revisions have it, Dense.</summary>
public enum KeyScheme
{
    /// <summary>Fast, <see cref="VectaXKey.LatestRevision"/> of the dimension.</summary>
    Fast,

    /// <summary>Fast, <see cref="TransformRevision.Original"/>: three keyed permutations.</summary>
    FastOriginal,

    /// <summary>Dense.</summary>
    Dense,
}
