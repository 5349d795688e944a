namespace VectaX.Collections;

/// <summary>
/// Trusted memory of each point's current revision, kept outside the store (the application's own database, or
/// <see cref="RevisionLedger"/> in one process): with it, a point the store rolls back to an older write fails
/// authentication. Implementations must be thread-safe.
/// </summary>
public interface IRevisionLedger
{
    /// <summary>The revision last written for <paramref name="id"/>, if this ledger knows the point.</summary>
    bool TryGet(ulong id, out ulong revision);

    /// <summary>Records the revision just written for <paramref name="id"/>.</summary>
    void Record(ulong id, ulong revision);
}
