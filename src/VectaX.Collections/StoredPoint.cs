namespace VectaX.Collections;

/// <summary>A point as a store holds it: id, ciphertext vector, string payload fields, and the access tags a filter matches.</summary>
public sealed record StoredPoint(ulong Id, float[] Vector, IReadOnlyDictionary<string, string> Payload, IReadOnlyList<string> AccessTags);
