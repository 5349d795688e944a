namespace VectaX.Collections;

/// <summary>A stored point a search passed over because it is malformed or fails authentication: its id and the typed reason.</summary>
public sealed record SkippedPoint(ulong Id, VectaXException Reason);
