using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>Same key, IV and vector give the same bits, on every width; fresh IVs give fresh ciphertexts.</summary>
public class DeterminismTests
{
    public static TheoryData<TransformKind> Kinds => new(TransformKind.Fast, TransformKind.Dense);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_key_iv_and_vector_give_identical_bits(TransformKind kind)
    {
        using VectaXKey key = TestData.Key(100, kind);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Gaussian(new Random(41), 100);
        byte[] iv = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();
        float[] c1 = new float[100], c2 = new float[100];
        byte[] m1 = new byte[EncryptedVectorFormat.Size], m2 = new byte[EncryptedVectorFormat.Size];

        cipher.Encrypt(v, iv, c1, m1);
        cipher.Encrypt(v, iv, c2, m2);

        Assert.Equal(c1, c2);
        Assert.Equal(m1, m2);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fresh_ivs_give_different_ciphertexts(TransformKind kind)
    {
        using VectaXKey key = TestData.Key(64, kind);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Gaussian(new Random(42), 64);
        EncryptedVector a = cipher.Encrypt(v), b = cipher.Encrypt(v);
        Assert.NotEqual(a.Metadata[5..21], b.Metadata[5..21]);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
        Assert.NotEqual(cipher.EncryptQuery(v), cipher.EncryptQuery(v));
    }

    [SkippableTheory]
    [InlineData(TransformKind.Fast, 768)]
    [InlineData(TransformKind.Fast, 1000)]
    [InlineData(TransformKind.Fast, 5)]
    [InlineData(TransformKind.Dense, 130)]
    public void Every_width_writes_the_same_bits_and_reads_every_other(TransformKind kind, int d)
    {
        using VectaXKey key = TestData.Key(d, kind);
        float[] v = TestData.Gaussian(new Random(43), d);
        byte[] iv = Enumerable.Range(0, 16).Select(i => (byte)(255 - i)).ToArray();
        var ciphers = TestData.SupportedWidths.Select(w => new VectorCipher(key, KernelSet.Get(w))).ToList();
        Skip.If(ciphers.Count < 2, "Only one kernel width runs on this CPU.");
        try
        {
            var outputs = ciphers.Select(c =>
            {
                float[] ct = new float[d];
                byte[] meta = new byte[EncryptedVectorFormat.Size];
                c.Encrypt(v, iv, ct, meta);
                return (ct, meta);
            }).ToList();

            foreach (var (ct, meta) in outputs)
            {
                Assert.Equal(outputs[0].ct, ct);
                Assert.Equal(outputs[0].meta, meta);
            }

            // A writer at one width, a reader at every other.
            float[] expected = ciphers[0].Decrypt(new EncryptedVector(outputs[^1].ct, outputs[^1].meta));
            foreach (VectorCipher reader in ciphers)
            {
                foreach (var (ct, meta) in outputs)
                {
                    Assert.Equal(expected, reader.Decrypt(new EncryptedVector(ct, meta)));
                }
            }
        }
        finally
        {
            ciphers.ForEach(c => c.Dispose());
        }
    }
}
