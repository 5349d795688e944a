using System.Collections;

namespace VectaX.Collections;

/// <summary>The hits of a search, nearest first, and the candidate points it skipped as bad (never silently).</summary>
public sealed class SearchResults : IReadOnlyList<SearchHit>
{
    private readonly IReadOnlyList<SearchHit> _hits;

    internal SearchResults(IReadOnlyList<SearchHit> hits, IReadOnlyList<SkippedPoint> skipped, int accessClasses)
    {
        _hits = hits;
        Skipped = skipped;
        AccessClasses = accessClasses;
    }

    /// <summary>Candidates that were malformed, failed authentication (altered, moved from another point, collection or revision), or name a key the ring lacks.</summary>
    public IReadOnlyList<SkippedPoint> Skipped { get; }

    /// <summary>The access classes the search ran in: for a user's search, those its key opens (0 for a key of a revoked epoch or another authority).</summary>
    public int AccessClasses { get; }

    /// <inheritdoc/>
    public int Count => _hits.Count;

    /// <inheritdoc/>
    public SearchHit this[int index] => _hits[index];

    /// <inheritdoc/>
    public IEnumerator<SearchHit> GetEnumerator() => _hits.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
