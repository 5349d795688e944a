using VectaX.Rbac;

namespace VectaX.Collections;

/// <summary>
/// A record to store: its id, its plaintext vector, public fields stored as they are, and, under an access policy,
/// private payload bytes sealed with the exact vector so that only satisfying user keys open them.
/// </summary>
public sealed record PlainRecord(ulong Id, float[] Vector, IReadOnlyDictionary<string, string>? PublicFields = null, byte[]? Payload = null, AttributeSet? Policy = null);
