using System.Globalization;

namespace VectaX.Collections;

/// <summary>
/// The payload fields VectaX writes beside each ciphertext, named as the product's documentation names them. A record
/// without a policy carries its crypto metadata in parts (<see cref="Iv"/>, <see cref="AuthHash"/>, <see cref="KeyId"/>,
/// <see cref="FormatVersion"/>); an RBAC record carries it serialized in <see cref="EncryptedVectorMetadata"/>, beside
/// <see cref="EncryptedHeader"/> and <see cref="EncryptedPayload"/>. Every record has a <see cref="Revision"/> and
/// <see cref="AccessTags"/>; a collection's class registry holds <see cref="ClassHeader"/>, its entry pieces <see cref="ClassEntries"/>. User fields may not take
/// these names.
/// </summary>
public static class PayloadFields
{
    /// <summary>Base64 of the 16-byte IV that keys the vector's noise.</summary>
    public const string Iv = "iv";

    /// <summary>Base64 of the 16-byte authentication tag over the ciphertext and its metadata.</summary>
    public const string AuthHash = "auth_hash";

    /// <summary>The id of the key that encrypted the vector, in decimal.</summary>
    public const string KeyId = "key_id";

    /// <summary>The version of the crypto metadata format, in decimal.</summary>
    public const string FormatVersion = "format_version";

    /// <summary>The point's revision (decimal), new on every write and bound into the vector's tag.</summary>
    public const string Revision = "revision";

    /// <summary>RBAC records: base64 of the serialized crypto metadata (format version, key id, IV, tag).</summary>
    public const string EncryptedVectorMetadata = "encrypted_vector_metadata";

    /// <summary>RBAC records: base64 of the 105-byte record header (its class tag, its record id, and its sealer's data key wrapped under its class).</summary>
    public const string EncryptedHeader = "encrypted_header";

    /// <summary>RBAC records: base64 of the sealed blob (the exact vector and the private payload).</summary>
    public const string EncryptedPayload = "encrypted_payload";

    /// <summary>The access tags a search filters on (a keyword list in Qdrant): an RBAC record's one class tag.</summary>
    public const string AccessTags = "access_tags";

    /// <summary>Class registry entries: base64 of an access class header's core (everything but its entry table).</summary>
    public const string ClassHeader = "class_header";

    /// <summary>Class entry pieces: base64 of up to <see cref="EncryptedCollection.EntriesPerPiece"/> entries of a class header's entry table.</summary>
    public const string ClassEntries = "class_entries";

    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { Iv, AuthHash, KeyId, FormatVersion, Revision, EncryptedVectorMetadata, EncryptedHeader, EncryptedPayload, AccessTags, ClassHeader, ClassEntries };

    /// <summary>Whether <paramref name="name"/> is one of the fields above, which user fields may not use.</summary>
    public static bool IsReserved(string name) => ReservedNames.Contains(name);

    /// <summary>The point's crypto metadata, from whichever layout it was stored in; <see cref="MalformedPointException"/> naming the point and field when one is missing or unreadable.</summary>
    public static byte[] ReadMetadata(StoredPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Payload.ContainsKey(EncryptedHeader))
        {
            string serialized = Field(point, EncryptedVectorMetadata);
            return Parse(point, EncryptedVectorMetadata, () => EncryptedVectorFormat.FromBase64(serialized));
        }

        byte version = Parse(point, FormatVersion, () => byte.Parse(Field(point, FormatVersion), NumberStyles.None, CultureInfo.InvariantCulture));
        if (version != EncryptedVectorFormat.Version)
        {
            throw new MalformedPointException(point.Id, FormatVersion, $"is {version}; this library reads version {EncryptedVectorFormat.Version}");
        }

        uint keyId = Parse(point, KeyId, () => uint.Parse(Field(point, KeyId), NumberStyles.None, CultureInfo.InvariantCulture));
        byte[] iv = Bytes(point, Iv, EncryptedVectorFormat.IvSize);
        byte[] tag = Bytes(point, AuthHash, EncryptedVectorFormat.TagSize);
        byte[] metadata = new byte[EncryptedVectorFormat.Size];
        EncryptedVectorFormat.Write(metadata, keyId, iv, tag);
        return metadata;
    }

    /// <summary>The point's revision; <see cref="MalformedPointException"/> naming the point when it is missing or not a number.</summary>
    public static ulong ReadRevision(StoredPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Parse(point, Revision, () => ulong.Parse(Field(point, Revision), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>The RBAC header and sealed blob, or null for a record stored without a policy.</summary>
    public static (byte[] Header, byte[] Sealed)? ReadSealed(StoredPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!point.Payload.TryGetValue(EncryptedHeader, out string? header))
        {
            return null;
        }

        string sealedBlob = Field(point, EncryptedPayload);
        return (Parse(point, EncryptedHeader, () => Convert.FromBase64String(header)), Parse(point, EncryptedPayload, () => Convert.FromBase64String(sealedBlob)));
    }

    /// <summary>Writes <paramref name="metadata"/> into <paramref name="payload"/> in the layout of its record: serialized beside an RBAC header, in parts otherwise.</summary>
    internal static void WriteMetadata(IDictionary<string, string> payload, ReadOnlySpan<byte> metadata)
    {
        if (payload.ContainsKey(EncryptedHeader))
        {
            payload[EncryptedVectorMetadata] = EncryptedVectorFormat.ToBase64(metadata);
            return;
        }

        EncryptedVectorFormat.Validate(metadata);
        payload[FormatVersion] = EncryptedVectorFormat.Version.ToString(CultureInfo.InvariantCulture);
        payload[KeyId] = EncryptedVectorFormat.ReadKeyId(metadata).ToString(CultureInfo.InvariantCulture);
        payload[Iv] = Convert.ToBase64String(EncryptedVectorFormat.Iv(metadata));
        payload[AuthHash] = Convert.ToBase64String(EncryptedVectorFormat.Tag(metadata));
    }

    private static string Field(StoredPoint point, string name) =>
        point.Payload.TryGetValue(name, out string? value) ? value : throw new MalformedPointException(point.Id, name, "is missing");

    private static byte[] Bytes(StoredPoint point, string name, int length)
    {
        byte[] bytes = Parse(point, name, () => Convert.FromBase64String(Field(point, name)));
        return bytes.Length == length ? bytes : throw new MalformedPointException(point.Id, name, $"holds {bytes.Length} bytes; expected {length}");
    }

    private static T Parse<T>(StoredPoint point, string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or OverflowException or MalformedDataException)
        {
            throw new MalformedPointException(point.Id, name, "cannot be read", e);
        }
    }
}
