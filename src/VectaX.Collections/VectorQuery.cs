namespace VectaX.Collections;

/// <summary>One query of a batch: the (encrypted) vector, how many nearest points to return, and an optional any-of tag filter.</summary>
public sealed record VectorQuery(ReadOnlyMemory<float> Vector, int Limit, IReadOnlyCollection<string>? AnyOfTags = null);
