namespace VectaX.Qdrant;

/// <summary>A search result after exact re-rank: id, exact squared distance to the query, the decrypted vector, public fields and the opened payload (if any).</summary>
public sealed record SearchHit(ulong Id, float Distance, float[] Vector, IReadOnlyDictionary<string, string> PublicFields, byte[]? Payload);
