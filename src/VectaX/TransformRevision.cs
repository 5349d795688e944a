namespace VectaX;

/// <summary>Which construction of the Fast transform a key uses; recorded in the key, so every key keeps its own.</summary>
public enum TransformRevision : byte
{
    /// <summary>Three rounds, each a keyed permutation, keyed sign flips and Walsh-Hadamard; every key written before revisions were recorded, and every Dense key.</summary>
    Original = 0,

    /// <summary>Three rounds of keyed sign flips and Walsh-Hadamard with one keyed permutation, in the first round: one gather a vector instead of three.</summary>
    SingleGather = 1,

    /// <summary>
    /// One keyed permutation that moves whole rows of 16 floats, then three rounds of keyed signs with the Walsh-Hadamard
    /// stages split between them: the first and last mix across rows, the middle one within them. For d a multiple of
    /// 16, at least 32.
    /// </summary>
    SplitHadamard = 2,
}
