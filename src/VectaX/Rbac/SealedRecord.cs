namespace VectaX.Rbac;

/// <summary>An RBAC-sealed record: the header only satisfying keys open, the sealed blob, and its access class's tag for server-side filtering.</summary>
public sealed class SealedRecord
{
    internal SealedRecord(byte[] header, byte[] sealedBlob, string classTag)
    {
        Header = header;
        Sealed = sealedBlob;
        AccessTags = [classTag];
    }

    /// <summary>The encrypted header (versioned binary).</summary>
    public byte[] Header { get; }

    /// <summary>The sealed blob: AES-256-GCM over the exact vector and the payload.</summary>
    public byte[] Sealed { get; }

    /// <summary>The tags to store with the record and filter on: exactly one, its access class's (base64), whatever the policy.</summary>
    public IReadOnlyList<string> AccessTags { get; }

    /// <summary>The header as base64.</summary>
    public string HeaderBase64 => Convert.ToBase64String(Header);

    /// <summary>The sealed blob as base64.</summary>
    public string SealedBase64 => Convert.ToBase64String(Sealed);
}
