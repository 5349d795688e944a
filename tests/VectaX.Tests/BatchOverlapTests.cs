namespace VectaX.Tests;

/// <summary>Batch buffers that share memory: an encryption whose output overlaps its input is refused; a decryption in place is exact.</summary>
public class BatchOverlapTests
{
    private const int D = 8;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(D)]
    [InlineData(-D)]
    public void An_encryption_whose_output_overlaps_its_input_is_refused_and_writes_nothing(int shift)
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        const int rows = 3;
        float[] buffer = TestData.Gaussian(new Random(4), (rows + 2) * D);
        float[] before = (float[])buffer.Clone();
        int input = D, output = D + shift;

        var e = Assert.Throws<ArgumentException>(() => cipher.EncryptBatch(buffer.AsMemory(input, rows * D), buffer.AsMemory(output, rows * D), new byte[rows * EncryptedVectorFormat.Size]));

        Assert.Equal("ciphertexts", e.ParamName);
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void Adjacent_input_and_output_do_not_overlap_and_encrypt()
    {
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using var cipher = new VectorCipher(key);
        float[] buffer = TestData.Gaussian(new Random(5), 4 * D);
        float[] plain = buffer[..(2 * D)];
        byte[] metadata = new byte[2 * EncryptedVectorFormat.Size];

        cipher.EncryptBatch(buffer.AsMemory(0, 2 * D), buffer.AsMemory(2 * D, 2 * D), metadata);

        float[] back = new float[2 * D];
        cipher.DecryptBatch(buffer.AsMemory(2 * D), metadata, back);
        Assert.True(TestData.Distance(back, plain) < 1e-4);
    }

    [Theory]
    [InlineData(TransformKind.Fast, 3)]
    [InlineData(TransformKind.Dense, 3)]
    [InlineData(TransformKind.Fast, 700)]
    public void A_batch_decrypts_in_place(TransformKind kind, int rows)
    {
        using VectaXKey key = TestData.Key(D, kind);
        using var cipher = new VectorCipher(key);
        float[] plain = TestData.Gaussian(new Random(rows), rows * D);
        float[] buffer = new float[rows * D];
        byte[] metadata = new byte[rows * EncryptedVectorFormat.Size];
        cipher.EncryptBatch(plain, buffer, metadata);

        // Each chunk of rows is authenticated and read before its plaintexts are written over its ciphertexts.
        cipher.DecryptBatch(buffer, metadata, buffer);

        Assert.True(TestData.Distance(buffer, plain) < 1e-4 * Math.Sqrt(rows));
    }
}
