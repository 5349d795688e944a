using System.Runtime.InteropServices;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// Fixed key, IV and vector against checked-in ciphertext bytes (scalar path), so any change to the format,
/// key schedule, transform, noise or tag shows up here. Regenerate only for a deliberate format version change.
/// </summary>
public class KnownAnswerTests
{
    [Theory]
    [InlineData(TransformKind.Fast, KnownAnswers.FastCiphertext, KnownAnswers.FastMetadata)]
    [InlineData(TransformKind.Dense, KnownAnswers.DenseCiphertext, KnownAnswers.DenseMetadata)]
    public void Fixed_inputs_give_the_checked_in_bytes(TransformKind kind, string ciphertextHex, string metadataHex)
    {
        (string c, string m) = KnownAnswers.Compute(kind);
        Assert.Equal(ciphertextHex, c);
        Assert.Equal(metadataHex, m);
    }
}

/// <summary>The checked-in answers and the computation they pin.</summary>
internal static class KnownAnswers
{
    public const string FastCiphertext =
        "8c86fb3fe1bcb53f5f911d3fe8f5d5bf345b91bebdc9e8bfd159dabec8b1573ecdc7acbfb06f123fc450923eac83a0bf2ca05cbff28d08c01a3469beb559f1bea4c0653f45ec06409ab383bff865123f";
    public const string FastMetadata = "0104030201a0a1a2a3a4a5a6a7a8a9aaabacadaeafc8cd48f7ba5968eb7a17c6932f5194b9";
    public const string DenseCiphertext =
        "ba259fbfae57e5bece6ffb3ecbc320bf4d3bce3f1c48083ef2dbe43f79cbaa3f6343303f54f8fdbf2ff166be45a3933fbc5403406647ce3f612b3a3f43386ebf2a3bc9bf2cb0c63e7495bdbf929c31be";
    public const string DenseMetadata = "0104030201a0a1a2a3a4a5a6a7a8a9aaabacadaeaffb21bc15c3520a44cb4091666c0ddecf";

    public static (string Ciphertext, string Metadata) Compute(TransformKind kind)
    {
        byte[] secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using VectaXKey key = VectaXKey.FromSecret(secret, keyId: 0x01020304, dimension: 20, kind, beta: 0.25f, scale: 2f);
        using var cipher = new VectorCipher(key, KernelSet.Get(KernelWidth.Scalar));
        float[] v = Enumerable.Range(1, 20).Select(i => i / 20f).ToArray();
        byte[] iv = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        float[] c = new float[20];
        byte[] m = new byte[EncryptedVectorFormat.Size];
        cipher.Encrypt(v, iv, c, m);
        return (Convert.ToHexStringLower(MemoryMarshal.AsBytes(c.AsSpan())), Convert.ToHexStringLower(m));
    }
}
