namespace VectaX.Rbac;

/// <summary>An RBAC-sealed record: the header only satisfying keys open, the sealed blob, and the blinded access tags for server-side filtering.</summary>
public sealed class SealedRecord
{
    internal SealedRecord(byte[] header, byte[] sealedBlob, IReadOnlyList<string> accessTags)
    {
        Header = header;
        Sealed = sealedBlob;
        AccessTags = accessTags;
    }

    /// <summary>The encrypted header (versioned binary).</summary>
    public byte[] Header { get; }

    /// <summary>The sealed blob: AES-256-GCM over the exact vector and the payload.</summary>
    public byte[] Sealed { get; }

    /// <summary>Base64 tags, one per attribute combination the policy admits; store them in the payload to filter on.</summary>
    public IReadOnlyList<string> AccessTags { get; }

    /// <summary>The header as base64.</summary>
    public string HeaderBase64 => Convert.ToBase64String(Header);

    /// <summary>The sealed blob as base64.</summary>
    public string SealedBase64 => Convert.ToBase64String(Sealed);
}
