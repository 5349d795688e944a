using System.Collections.Concurrent;

namespace VectaX.Collections;

/// <summary>An in-memory <see cref="IRevisionLedger"/>: rollback detection for the points this process wrote, for as long as it runs.</summary>
public sealed class RevisionLedger : IRevisionLedger
{
    private readonly ConcurrentDictionary<ulong, ulong> _revisions = new();

    /// <inheritdoc/>
    public bool TryGet(ulong id, out ulong revision) => _revisions.TryGetValue(id, out revision);

    /// <inheritdoc/>
    public void Record(ulong id, ulong revision) => _revisions[id] = revision;
}
