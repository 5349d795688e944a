using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VectaX;

/// <summary>
/// HKDF-SHA256 (RFC 5869) sub-keys, one per purpose and domain-separated by a label and every key parameter,
/// so the transform, the noise PRF and the tag never share key bytes, and a secret reused with other
/// parameters yields unrelated keys.
/// </summary>
internal static class KeySchedule
{
    public const int SubKeySize = 32;

    private static readonly byte[] s_salt = "VectaX/v1/key-schedule"u8.ToArray();

    public static void Derive(ReadOnlySpan<byte> secret, string label, VectaXKey key, Span<byte> subKey)
    {
        Span<byte> info = stackalloc byte[64];
        int n = Encoding.ASCII.GetBytes(label, info);
        Span<byte> p = info[n..];
        KeyParameterBytes(key, p);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, subKey, s_salt, info[..(n + ParameterSize)]);
    }

    public const int ParameterSize = 20;

    /// <summary>transform(1) | revision(1) | 0(2) | key id(4) | dimension(4) | scale(4) | beta(4), little-endian.</summary>
    public static void KeyParameterBytes(VectaXKey key, Span<byte> destination)
    {
        destination[0] = (byte)key.Transform;
        destination[1] = (byte)key.Revision;
        destination[2..4].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], key.KeyId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], key.Dimension);
        BinaryPrimitives.WriteSingleLittleEndian(destination[12..], key.Scale);
        BinaryPrimitives.WriteSingleLittleEndian(destination[16..], key.Beta);
    }
}
