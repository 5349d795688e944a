using System.Buffers.Binary;

namespace VectaX;

/// <summary>
/// The metadata that travels with each ciphertext, 37 bytes: version(1) | key id(4, little-endian) | IV(16) |
/// tag(16). The ciphertext itself is the d floats, stored where the vector goes.
/// </summary>
public static class EncryptedVectorFormat
{
    /// <summary>
    /// The format version this library writes and reads. Version 3's tag is AES-256 of a POLYVAL hash (the
    /// AES-GCM-SIV tag construction) over associated data and ciphertext; versions 1 and 2 are refused (docs/SECURITY.md).
    /// </summary>
    public const byte Version = 3;

    /// <summary>IV length in bytes.</summary>
    public const int IvSize = 16;

    /// <summary>Tag length in bytes.</summary>
    public const int TagSize = VectorTag.Size;

    /// <summary>Metadata length in bytes.</summary>
    public const int Size = 1 + sizeof(uint) + IvSize + TagSize;

    /// <summary>The key id a metadata blob names; throws <see cref="MalformedDataException"/> on a malformed blob.</summary>
    public static uint ReadKeyId(ReadOnlySpan<byte> metadata)
    {
        Validate(metadata);
        return BinaryPrimitives.ReadUInt32LittleEndian(metadata[1..]);
    }

    /// <summary>The metadata as base64.</summary>
    public static string ToBase64(ReadOnlySpan<byte> metadata)
    {
        Validate(metadata);
        return Convert.ToBase64String(metadata);
    }

    /// <summary>Metadata from base64; throws <see cref="MalformedDataException"/> on bad base64, length or version.</summary>
    public static byte[] FromBase64(string base64)
    {
        byte[] metadata = Base64Blob.Decode(base64, "metadata");
        Validate(metadata);
        return metadata;
    }

    /// <summary>The IV inside a metadata blob (unchecked: <see cref="Validate"/> it first).</summary>
    public static ReadOnlySpan<byte> Iv(ReadOnlySpan<byte> metadata) => metadata.Slice(5, IvSize);

    /// <summary>The tag inside a metadata blob (unchecked: <see cref="Validate"/> it first).</summary>
    public static ReadOnlySpan<byte> Tag(ReadOnlySpan<byte> metadata) => metadata.Slice(5 + IvSize, TagSize);

    /// <summary>Writes a metadata blob of this version from its parts, e.g. read back from separate stored fields.</summary>
    public static void Write(Span<byte> metadata, uint keyId, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag)
    {
        metadata[0] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(metadata[1..], keyId);
        iv.CopyTo(metadata[5..]);
        tag.CopyTo(metadata[(5 + IvSize)..]);
    }

    /// <summary>Throws <see cref="MalformedDataException"/> when the blob is not metadata of this version.</summary>
    public static void Validate(ReadOnlySpan<byte> metadata)
    {
        if (metadata.Length != Size)
        {
            Throw.Malformed($"Metadata is {metadata.Length} bytes; expected {Size}.");
        }

        if (metadata[0] == 1)
        {
            Throw.Malformed("Metadata version 1 predates record binding and is not read by this library: decrypt it with the release that wrote it and encrypt it again.");
        }

        if (metadata[0] == 2)
        {
            Throw.Malformed("Metadata version 2 carries an HMAC-SHA256 tag, which this library no longer computes: decrypt it with the release that wrote it and encrypt it again.");
        }

        if (metadata[0] != Version)
        {
            Throw.Malformed($"Unsupported metadata version {metadata[0]}; this library reads version {Version}.");
        }
    }
}
