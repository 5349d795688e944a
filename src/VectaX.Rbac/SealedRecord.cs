namespace VectaX.Rbac;

/// <summary>An RBAC-sealed record: its constant-size header, the sealed blob, its access class's tag for server-side filtering, and the class header it opens under.</summary>
public sealed class SealedRecord
{
    internal SealedRecord(byte[] header, byte[] sealedBlob, string classTag, ReadOnlyMemory<byte> classHeader)
    {
        Header = header;
        Sealed = sealedBlob;
        AccessTags = [classTag];
        ClassHeader = classHeader;
    }

    /// <summary>The record header (105 bytes whatever the policy): its record id and its sealer's data key wrapped under its class (shared by the records of that key).</summary>
    public byte[] Header { get; }

    /// <summary>The sealed blob: AES-256-GCM over the exact vector and the payload.</summary>
    public byte[] Sealed { get; }

    /// <summary>The tags to store with the record and filter on: exactly one, its access class's (base64), whatever the policy.</summary>
    public IReadOnlyList<string> AccessTags { get; }

    /// <summary>The header of the record's access class, shared by every record of the class: store it once per class (the sealer's own bytes).</summary>
    public ReadOnlyMemory<byte> ClassHeader { get; }

    /// <summary>The header as base64.</summary>
    public string HeaderBase64 => Convert.ToBase64String(Header);

    /// <summary>The sealed blob as base64.</summary>
    public string SealedBase64 => Convert.ToBase64String(Sealed);
}
