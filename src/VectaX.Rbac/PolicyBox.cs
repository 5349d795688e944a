using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VectaX.Rbac;

/// <summary>
/// The policy text under AES-256-GCM with an authority-only key, bound to its class header's prefix (version,
/// authority, epoch, class nonce, similarity parameters, entry count). The text is padded to one of a few sizes so
/// a header's length does not reveal it: 2-byte length | text | zeros, to 128, 512, 2048, 8192 or 32768 bytes.
/// </summary>
internal static class PolicyBox
{
    private static readonly int[] s_sizes = [128, 512, 2048, 8192, 32768];
    private static readonly byte[] s_domain = "VectaX/rbac/policy-box/v3"u8.ToArray();

    public const int Overhead = RecordCrypto.GcmNonceSize + RecordCrypto.GcmTagSize;

    /// <summary>The padded plaintext size for a policy text of <paramref name="textBytes"/> bytes.</summary>
    public static int PaddedSize(int textBytes)
    {
        foreach (int size in s_sizes)
        {
            if (2 + textBytes <= size)
            {
                return size;
            }
        }

        throw new InvalidPolicyException($"The policy's text is {textBytes} bytes; the limit is {s_sizes[^1] - 2}.");
    }

    /// <summary>The box under <paramref name="nonce"/>, which the caller derives from the class (epoch, policy, similarity parameters): one nonce, one plaintext.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, string policy, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> nonce)
    {
        byte[] text = Encoding.UTF8.GetBytes(policy);
        byte[] plain = new byte[PaddedSize(text.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(plain, (ushort)text.Length);
        text.CopyTo(plain, 2);
        byte[] box = new byte[Overhead + plain.Length];
        nonce.CopyTo(box);
        using var gcm = new AesGcm(key, RecordCrypto.GcmTagSize);
        gcm.Encrypt(box.AsSpan(0, RecordCrypto.GcmNonceSize), plain, box.AsSpan(Overhead), box.AsSpan(RecordCrypto.GcmNonceSize, RecordCrypto.GcmTagSize), Aad(prefix));
        return box;
    }

    /// <summary>The policy text; <see cref="AccessDeniedException"/> when the box was altered or moved to another class header.</summary>
    public static string Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> prefix)
    {
        if (box.Length < Overhead + 2)
        {
            Throw.Malformed("The header's policy box is truncated.");
        }

        byte[] plain = new byte[box.Length - Overhead];
        try
        {
            using var gcm = new AesGcm(key, RecordCrypto.GcmTagSize);
            gcm.Decrypt(box[..RecordCrypto.GcmNonceSize], box[Overhead..], box.Slice(RecordCrypto.GcmNonceSize, RecordCrypto.GcmTagSize), plain, Aad(prefix));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new AccessDeniedException("The header's policy box was altered or belongs to another header.");
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(plain);
        return 2 + length <= plain.Length ? Encoding.UTF8.GetString(plain, 2, length) : throw new MalformedDataException("The header's policy box is inconsistent.");
    }

    private static byte[] Aad(ReadOnlySpan<byte> prefix) => [.. s_domain, .. prefix];
}
