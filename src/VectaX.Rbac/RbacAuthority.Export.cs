using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace VectaX.Rbac;

/// <summary>The authority as bytes, a <see cref="SecretEnvelope"/> holding the epoch, the master secret and the vocabulary in text.</summary>
public sealed partial class RbacAuthority
{
    private static readonly byte[] s_magic = "VXA"u8.ToArray();
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const byte FormatVersion = 1;
    private const int FixedBodySize = sizeof(uint) + SecretSize;

    /// <summary>The authority as bytes, for its owner-only file. Keep it secret: it issues every user key.</summary>
    public byte[] Export()
    {
        byte[] vocabulary = Encoding.UTF8.GetBytes(Vocabulary.ToString());
        byte[] body = new byte[FixedBodySize + vocabulary.Length];
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body, Epoch);
            _secret.CopyTo(body, sizeof(uint));
            vocabulary.CopyTo(body, FixedBodySize);
            return SecretEnvelope.Seal(s_magic, FormatVersion, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>Reads <see cref="Export"/> output; throws <see cref="MalformedDataException"/> on anything else.</summary>
    public static RbacAuthority Import(ReadOnlySpan<byte> blob)
    {
        ReadOnlySpan<byte> body = SecretEnvelope.Open(blob, s_magic, FormatVersion, "authority");
        if (body.Length <= FixedBodySize)
        {
            throw new MalformedDataException("The authority is truncated.", EnvelopeFault.Truncated);
        }

        PolicyVocabulary vocabulary;
        try
        {
            string text = s_strictUtf8.GetString(body[FixedBodySize..]);
            vocabulary = AttributeSetText.ParseVocabulary(text);

            // Export writes the canonical text: any other spelling was not written by it, and would not read back as its bytes.
            if (vocabulary.ToString() != text)
            {
                throw new ArgumentException("it is not in the form the authority writes.");
            }
        }
        catch (Exception e) when (e is DecoderFallbackException or ArgumentException or InvalidPolicyException)
        {
            throw new MalformedDataException($"The authority's vocabulary is not valid: {e.Message}");
        }

        return new RbacAuthority(vocabulary, body.Slice(sizeof(uint), SecretSize), BinaryPrimitives.ReadUInt32LittleEndian(body));
    }
}
