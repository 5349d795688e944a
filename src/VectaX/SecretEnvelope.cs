using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// The layout of every secret VectaX writes (keys, user keys, RBAC authorities): a 3-byte magic naming the kind, a
/// version byte, the body, and the first 8 bytes of SHA-256 over everything before them, against accidental damage.
/// </summary>
public static class SecretEnvelope
{
    /// <summary>Bytes of magic and version before the body.</summary>
    public const int HeaderSize = 4;

    /// <summary>Bytes of checksum after the body.</summary>
    public const int ChecksumSize = 8;

    private const int MagicSize = 3;

    /// <summary>A new envelope of <paramref name="body"/>; the caller zeroes its own copy of a secret body.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> magic, byte version, ReadOnlySpan<byte> body)
    {
        CheckMagic(magic);
        byte[] blob = new byte[HeaderSize + body.Length + ChecksumSize];
        magic.CopyTo(blob);
        blob[MagicSize] = version;
        body.CopyTo(blob.AsSpan(HeaderSize));
        Checksum(blob.AsSpan(0, blob.Length - ChecksumSize), blob.AsSpan(blob.Length - ChecksumSize));
        return blob;
    }

    /// <summary>
    /// The body of an envelope of kind <paramref name="magic"/> at <paramref name="version"/>, checked in that order: length
    /// and magic, version, checksum. Anything else is a <see cref="MalformedDataException"/> whose <see cref="MalformedDataException.Fault"/>
    /// says which check failed and whose message names <paramref name="what"/>; <paramref name="olderVersion"/> replaces the message for a version below the current one.
    /// </summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> magic, byte version, string what, string? olderVersion = null)
    {
        CheckMagic(magic);
        if (blob.Length < HeaderSize + ChecksumSize || !blob[..MagicSize].SequenceEqual(magic))
        {
            throw new MalformedDataException($"Not a VectaX {what}: wrong length or magic.", blob.Length < HeaderSize + ChecksumSize ? EnvelopeFault.Truncated : EnvelopeFault.WrongKind);
        }

        if (blob[MagicSize] != version)
        {
            throw new MalformedDataException(blob[MagicSize] < version && olderVersion is not null ? olderVersion : $"Unsupported {what} version {blob[MagicSize]}.", EnvelopeFault.UnsupportedVersion);
        }

        Span<byte> checksum = stackalloc byte[ChecksumSize];
        Checksum(blob[..^ChecksumSize], checksum);
        if (!CryptographicOperations.FixedTimeEquals(checksum, blob[^ChecksumSize..]))
        {
            throw new MalformedDataException($"The {what} is corrupted: its checksum does not match.", EnvelopeFault.ChecksumMismatch);
        }

        return blob[HeaderSize..^ChecksumSize];
    }

    private static void Checksum(ReadOnlySpan<byte> covered, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(covered, hash);
        hash[..ChecksumSize].CopyTo(destination);
    }

    private static void CheckMagic(ReadOnlySpan<byte> magic)
    {
        if (magic.Length != MagicSize)
        {
            throw new ArgumentException($"A magic is {MagicSize} bytes.", nameof(magic));
        }
    }
}
