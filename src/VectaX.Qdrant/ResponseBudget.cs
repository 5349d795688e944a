using System.Collections.Concurrent;

namespace VectaX.Qdrant;

/// <summary>
/// How many points fit in one response: half the client's receive limit, divided by the bytes a point takes, the
/// largest seen in this collection so far or, before any, the vector plus room for an RBAC record (whose sealed blob
/// carries the exact vector again, in base64). The other half is headroom for a point larger than those seen.
/// </summary>
internal sealed class ResponseBudget(int maxResponseBytes)
{
    private readonly ConcurrentDictionary<string, int> _pointBytes = new(StringComparer.Ordinal);

    public int MaxResponseBytes => maxResponseBytes;

    /// <summary>At most <paramref name="wanted"/> and at least 1 point.</summary>
    public int PointsPerResponse(string collection, int dimension, int wanted)
    {
        long perPoint = _pointBytes.TryGetValue(collection, out int seen) ? seen : FirstGuess(dimension);
        return (int)Math.Clamp(maxResponseBytes / 2 / Math.Max(1, perPoint), 1, Math.Max(1, wanted));
    }

    /// <summary>Records the size of a point received with its vector and payload.</summary>
    public void Observe(string collection, int pointBytes) =>
        _pointBytes.AddOrUpdate(collection, pointBytes, (_, seen) => Math.Max(seen, pointBytes));

    private static long FirstGuess(int dimension) => 64 + (4L * dimension) + (4L * dimension * 4 / 3) + 4096;
}
