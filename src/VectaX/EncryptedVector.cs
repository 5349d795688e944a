namespace VectaX;

/// <summary>A ciphertext vector and its metadata (key id, IV, tag).</summary>
public sealed class EncryptedVector
{
    /// <summary>Wraps a ciphertext and its metadata; the metadata is validated.</summary>
    public EncryptedVector(float[] ciphertext, byte[] metadata)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(metadata);
        EncryptedVectorFormat.Validate(metadata);
        Ciphertext = ciphertext;
        Metadata = metadata;
    }

    /// <summary>The d floats to store in the vector database.</summary>
    public float[] Ciphertext { get; }

    /// <summary>The 37-byte metadata to store beside them.</summary>
    public byte[] Metadata { get; }

    /// <summary>The id of the key that made it.</summary>
    public uint KeyId => EncryptedVectorFormat.ReadKeyId(Metadata);

    /// <summary>The metadata as base64.</summary>
    public string MetadataBase64 => Convert.ToBase64String(Metadata);

    /// <summary>Rebuilds from a ciphertext and base64 metadata.</summary>
    public static EncryptedVector FromBase64(float[] ciphertext, string metadataBase64) =>
        new(ciphertext, EncryptedVectorFormat.FromBase64(metadataBase64));
}
