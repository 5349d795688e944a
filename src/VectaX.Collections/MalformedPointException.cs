namespace VectaX.Collections;

/// <summary>A stored point lacks a field VectaX wrote, or holds one it cannot read: written by another tool, or altered.</summary>
public sealed class MalformedPointException : VectaXException
{
    internal MalformedPointException(ulong pointId, string field, string problem, Exception? innerException = null)
        : base($"Point {pointId}: payload field '{field}' {problem}.", innerException)
    {
        PointId = pointId;
        Field = field;
    }

    /// <summary>The id of the point.</summary>
    public ulong PointId { get; }

    /// <summary>The payload field that is missing or unreadable.</summary>
    public string Field { get; }
}
