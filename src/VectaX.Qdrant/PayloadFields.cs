namespace VectaX.Qdrant;

/// <summary>The payload fields VectaX writes beside each ciphertext; user fields must not start with "vx_".</summary>
public static class PayloadFields
{
    /// <summary>Base64 of the 37-byte metadata: version, key id, IV, tag.</summary>
    public const string Metadata = "vx_meta";

    /// <summary>The point's revision (decimal), new on every write and bound into the vector's tag.</summary>
    public const string Revision = "vx_rev";

    /// <summary>Base64 of the RBAC header.</summary>
    public const string Header = "vx_header";

    /// <summary>Base64 of the RBAC sealed blob (exact vector and private payload).</summary>
    public const string Sealed = "vx_sealed";

    /// <summary>The prefix reserved for VectaX fields.</summary>
    public const string Prefix = "vx_";
}
