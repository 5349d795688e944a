namespace VectaX.Rbac;

/// <summary>What an authorised key gets back: the record's exact vector (if it was sealed with one) and its payload.</summary>
public sealed class OpenedRecord
{
    internal OpenedRecord(float[]? vector, byte[] payload)
    {
        Vector = vector;
        Payload = payload;
    }

    /// <summary>The exact vector, or null when the record was sealed without it.</summary>
    public float[]? Vector { get; }

    /// <summary>The payload bytes (document text, JSON, ...).</summary>
    public byte[] Payload { get; }
}
