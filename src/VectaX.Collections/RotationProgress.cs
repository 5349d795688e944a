namespace VectaX.Collections;

/// <summary>How far a rotation has got: points re-encrypted so far, and the id to resume from (null when done).</summary>
public readonly record struct RotationProgress(long Rotated, ulong? ResumeFrom);
