namespace VectaX.Tests;

/// <summary>The transforms the properties run on: each Fast revision and Dense.</summary>
public enum SchemeVariant
{
    /// <summary>Fast, three keyed permutations.</summary>
    FastOriginal,

    /// <summary>Fast, one keyed permutation.</summary>
    FastSingleGather,

    /// <summary>Dense.</summary>
    Dense,
}
