namespace VectaX;

/// <summary>Which secret orthogonal transform Q a key uses.</summary>
public enum TransformKind : byte
{
    /// <summary>O(d log d): keyed sign flips, keyed permutations and Walsh-Hadamard butterflies, any d, no padding.</summary>
    Fast = 1,

    /// <summary>A Haar-random dense d x d orthogonal matrix; O(d^2) a vector, a GEMM for batches, O(d^3) to set up.</summary>
    Dense = 2,
}
