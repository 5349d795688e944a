using System.Buffers.Binary;
using System.Numerics;

namespace VectaX.Tests;

/// <summary>Caller-chosen IVs that differ by a small or a large counter step must still draw unrelated noise.</summary>
public class RelatedIvTests
{
    private const int D = 384;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(32)]
    public void Noise_for_IV_and_IV_plus_a_small_step_shares_no_keystream(int step) =>
        Assert.True(SharedSamples(BigInteger.One * step) < 8, $"the two noise vectors share {SharedSamples(BigInteger.One * step)} Gaussian samples");

    [Fact]
    public void Noise_for_IV_and_IV_plus_2_to_the_64_shares_no_keystream() =>
        Assert.True(SharedSamples(BigInteger.One << 64) < 8, "the two noise vectors share Gaussian samples");

    /// <summary>
    /// The noise of a zero vector is the ciphertext. Noise vectors drawn from overlapping keystreams hold the same
    /// Gaussian samples times another factor, so many coordinate pairs have one common ratio; count the most common.
    /// </summary>
    private static int SharedSamples(BigInteger step)
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast, beta: 0.4f);
        using var cipher = new VectorCipher(key);
        byte[] iv = Convert.FromHexString("00112233445566778899aabbccddeeff");
        byte[] next = Add(iv, step);
        float[] zero = new float[D], a = new float[D], b = new float[D];
        byte[] metadata = new byte[EncryptedVectorFormat.Size];
        cipher.Encrypt(zero, iv, a, metadata);
        cipher.Encrypt(zero, next, b, metadata);

        var ratios = new Dictionary<long, int>();
        foreach (float x in a)
        {
            foreach (float y in b)
            {
                if (x != 0 && y != 0)
                {
                    long bucket = (long)Math.Round(Math.Log(Math.Abs((double)y / x)) * 1e6);
                    ratios[bucket] = ratios.GetValueOrDefault(bucket) + 1;
                }
            }
        }

        return ratios.Values.Max();
    }

    private static byte[] Add(byte[] iv, BigInteger step)
    {
        BigInteger sum = (new BigInteger(iv, isUnsigned: true, isBigEndian: true) + step) % (BigInteger.One << 128);
        byte[] result = new byte[16];
        byte[] bytes = sum.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(result, 16 - bytes.Length);
        return result;
    }
}
