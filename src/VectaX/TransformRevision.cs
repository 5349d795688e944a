namespace VectaX;

/// <summary>Which construction of the Fast transform a key uses; recorded in the key, so every key keeps its own.</summary>
public enum TransformRevision : byte
{
    /// <summary>Three rounds, each a keyed permutation, keyed sign flips and Walsh-Hadamard; every key written before revisions were recorded, and every Dense key.</summary>
    Original = 0,

    /// <summary>Three rounds of keyed sign flips and Walsh-Hadamard with one keyed permutation, in the first round: one gather a vector instead of three.</summary>
    SingleGather = 1,

    /// <summary>
    /// <see cref="SingleGather"/>'s tables, with the Walsh-Hadamard stages split between the rounds: the first and last
    /// mix across rows of 16 floats, the middle one within them. For d a multiple of 16, at least 32.
    /// </summary>
    SplitHadamard = 2,
}
