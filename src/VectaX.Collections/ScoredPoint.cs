namespace VectaX.Collections;

/// <summary>A query hit: the point and its squared Euclidean distance to the (encrypted) query.</summary>
public sealed record ScoredPoint(StoredPoint Point, float Distance);
