using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>Batches agree with single-vector calls, run on several cores, and fail whole on bad rows.</summary>
public class BatchTests
{
    public static TheoryData<TransformKind, int> Cases => new()
    {
        { TransformKind.Fast, 1 },
        { TransformKind.Fast, 200 },
        { TransformKind.Dense, 130 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batch_round_trip_and_single_vector_decrypt_agree(TransformKind kind, int rows)
    {
        const int d = 48;
        using var cipher = new VectorCipher(TestData.Key(d, kind));
        float[] x = TestData.Gaussian(new Random(71), rows * d);
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];

        cipher.EncryptBatch(x, c, m);
        float[] back = new float[rows * d];
        cipher.DecryptBatch(c, m, back);

        for (int r = 0; r < rows; r++)
        {
            float[] row = cipher.Decrypt(new EncryptedVector(c[(r * d)..((r + 1) * d)], m[(r * EncryptedVectorFormat.Size)..((r + 1) * EncryptedVectorFormat.Size)]));
            Assert.Equal(row, back[(r * d)..((r + 1) * d)]);
            Assert.True(TestData.Distance(row, x.AsSpan(r * d, d)) <= 1e-5 * (TestData.Norm(x.AsSpan(r * d, d)) + cipher.Beta));
        }
    }

    [Fact]
    public void Dense_batch_rows_equal_single_vector_encryption_bit_for_bit()
    {
        // The batch GEMM and the one-row product share each element's operation order.
        const int d = 40, rows = 70;
        using var cipher = new VectorCipher(TestData.Key(d, TransformKind.Dense));
        float[] x = TestData.Gaussian(new Random(72), rows * d);
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        cipher.EncryptBatch(x, c, m, maxDegreeOfParallelism: 2);

        for (int r = 0; r < rows; r += 13)
        {
            byte[] iv = m[((r * EncryptedVectorFormat.Size) + 5)..((r * EncryptedVectorFormat.Size) + 21)];
            float[] single = new float[d];
            byte[] meta = new byte[EncryptedVectorFormat.Size];
            cipher.Encrypt(x.AsSpan(r * d, d), iv, single, meta);
            Assert.Equal(single, c[(r * d)..((r + 1) * d)]);
        }
    }

    [Fact]
    public void A_bad_row_is_named_and_stops_the_batch()
    {
        const int d = 16, rows = 100;
        using var cipher = new VectorCipher(TestData.Key(d, TransformKind.Fast));
        float[] x = TestData.Gaussian(new Random(73), rows * d);
        x[(57 * d) + 3] = float.NaN;
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        Assert.Contains("Row 57", Assert.Throws<InvalidVectorException>(() => cipher.EncryptBatch(x, c, m)).Message);
        Assert.All(m, b => Assert.Equal(0, b));

        x[(57 * d) + 3] = 0;
        cipher.EncryptBatch(x, c, m);
        c[(91 * d) + 2] += 1e-3f;
        Assert.Equal(91, Assert.Throws<AuthenticationFailedException>(() => cipher.DecryptBatch(c, m, new float[rows * d])).Row);
        Assert.Throws<InvalidVectorException>(() => cipher.EncryptBatch(new float[(rows * d) + 1], new float[(rows * d) + 1], m));
    }

    [Fact]
    public void A_dense_batch_that_overflows_leaves_no_unnoised_transform_of_a_row_in_its_output()
    {
        // One GEMM maps 64 rows before any is noised: a row that overflows once mapped must not leave the rows after
        // it as bare Q*v, which gives away Q to whoever sees the buffer.
        const int d = 8, rows = 64;
        using var cipher = new VectorCipher(TestData.Key(d, TransformKind.Dense, scale: 1e10f));
        float[] x = TestData.Gaussian(new Random(74), rows * d);
        for (int i = 0; i < d; i++)
        {
            x[(10 * d) + i] = 3e37f;
        }

        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        Assert.Contains("Row 10", Assert.Throws<InvalidVectorException>(() => cipher.EncryptBatch(x, c, m, maxDegreeOfParallelism: 1)).Message);

        float[] mapped = new float[d];
        for (int row = 11; row < rows; row++)
        {
            cipher.TransformState.Forward(x.AsSpan(row * d, d), mapped, new float[2 * d], 1, KernelDispatch.Default);
            Assert.NotEqual(mapped, c[(row * d)..((row + 1) * d)]);
        }

        Assert.All(c, v => Assert.Equal(0f, v));
        Assert.All(m, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(TransformKind.Fast)]
    [InlineData(TransformKind.Dense)]
    public void A_batch_with_one_tampered_row_decrypts_no_row(TransformKind kind)
    {
        // As on the device engine, which authenticates every row first: all rows or none, never the rows of the chunks that passed.
        const int d = 16, rows = 200;
        using var cipher = new VectorCipher(TestData.Key(d, kind));
        float[] x = TestData.Gaussian(new Random(75), rows * d);
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        cipher.EncryptBatch(x, c, m);
        c[(rows - 1) * d] += 1e-3f;
        foreach (int parallelism in new[] { 1, -1 })
        {
            float[] plain = new float[rows * d];
            Assert.Equal(rows - 1, Assert.Throws<AuthenticationFailedException>(() => cipher.DecryptBatch(c, m, plain, parallelism)).Row);
            Assert.All(plain, v => Assert.Equal(0f, v));
        }
    }
}
