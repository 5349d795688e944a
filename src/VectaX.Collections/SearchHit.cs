namespace VectaX.Collections;

/// <summary>
/// A search result after exact re-rank: id, the exact Euclidean distance (not squared) from the query to the
/// decrypted vector, that vector, public fields and the opened payload (if any).
/// </summary>
public sealed record SearchHit(ulong Id, float Distance, float[] Vector, IReadOnlyDictionary<string, string> PublicFields, byte[]? Payload);
