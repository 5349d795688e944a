namespace VectaX.Tests;

/// <summary>The transforms the properties run on: each Fast revision and Dense.</summary>
public enum SchemeVariant
{
    /// <summary>Fast, three keyed permutations.</summary>
    FastOriginal,

    /// <summary>Fast, one keyed permutation.</summary>
    FastSingleGather,

    /// <summary>Fast, one keyed permutation and the Walsh-Hadamard stages split between the rounds (d a multiple of 16).</summary>
    FastSplitHadamard,

    /// <summary>Dense.</summary>
    Dense,
}
