using VectaX.Gpu;

namespace VectaX.Tests.Gpu;

/// <summary>
/// The device kernels against the CPU engine, written once for every backend: same noise, same transform, same
/// ciphertexts within 1e-5 relative (float rounding, fused or not), and cross decryption both ways. One small
/// runner per accelerator: ILGPU's CPU accelerator runs everywhere, CUDA and OpenCL where such a device is.
/// </summary>
public abstract class GpuCipherContract
{
    /// <summary>The accelerator this runner checks.</summary>
    protected abstract GpuBackend Backend { get; }

    public static TheoryData<TransformKind, TransformRevision, int> Cases => new()
    {
        { TransformKind.Fast, TransformRevision.Original, 5 },
        { TransformKind.Fast, TransformRevision.Original, 100 },
        { TransformKind.Fast, TransformRevision.Original, 128 },
        { TransformKind.Dense, TransformRevision.Original, 40 },
        { TransformKind.Fast, TransformRevision.Original, DeviceKernels.SharedRowLimit + 37 },
        { TransformKind.Fast, TransformRevision.SingleGather, 5 },
        { TransformKind.Fast, TransformRevision.SingleGather, 100 },
        { TransformKind.Fast, TransformRevision.SingleGather, 128 },
        { TransformKind.Fast, TransformRevision.SingleGather, DeviceKernels.SharedRowLimit + 37 },
        { TransformKind.Fast, TransformRevision.SplitHadamard, 32 },
        { TransformKind.Fast, TransformRevision.SplitHadamard, 112 },
        { TransformKind.Fast, TransformRevision.SplitHadamard, 768 },
        { TransformKind.Fast, TransformRevision.SplitHadamard, DeviceKernels.SharedRowLimit + 48 },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Device_ciphertexts_match_the_cpu_engine_and_decrypt_on_it(TransformKind kind, TransformRevision revision, int d)
    {
        const int rows = 37;
        using VectaXKey key = TestData.Key(d, kind, beta: 0.3f, scale: 2f, revision: revision);
        using var gpu = Create(key);
        using var cpu = new VectorCipher(key);
        float[] x = TestData.Gaussian(new Random(111), rows * d);
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];

        gpu.EncryptBatch(x, c, m);

        for (int r = 0; r < rows; r++)
        {
            byte[] meta = m[(r * EncryptedVectorFormat.Size)..((r + 1) * EncryptedVectorFormat.Size)];
            float[] expected = new float[d];
            cpu.Encrypt(x.AsSpan(r * d, d), meta.AsSpan(5, 16), expected, new byte[EncryptedVectorFormat.Size]);
            float[] actual = c[(r * d)..((r + 1) * d)];
            Assert.True(TestData.Distance(expected, actual) <= 1e-5 * (TestData.Norm(expected) + 1), $"row {r}: {TestData.Distance(expected, actual)}");

            float[] back = cpu.Decrypt(new EncryptedVector(actual, meta));
            Assert.True(TestData.Distance(back, x.AsSpan(r * d, d)) <= 1e-5 * (TestData.Norm(x.AsSpan(r * d, d)) + 1));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Cpu_ciphertexts_decrypt_on_the_device_in_small_chunks(TransformKind kind, TransformRevision revision, int d)
    {
        const int rows = 50;
        using VectaXKey key = TestData.Key(d, kind, revision: revision);
        using var gpu = Create(key, memoryBudgetBytes: 7 * 4L * 4 * d);
        using var cpu = new VectorCipher(key);
        float[] x = TestData.Gaussian(new Random(112), rows * d);
        float[] c = new float[rows * d];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        cpu.EncryptBatch(x, c, m);

        float[] back = new float[rows * d];
        gpu.DecryptBatch(c, m, back);

        Assert.True(TestData.Distance(back, x) <= 1e-5 * (TestData.Norm(x) + 1));
    }

    [SkippableFact]
    public void A_tampered_row_is_named_before_anything_is_decrypted()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        using var gpu = Create(key);
        float[] x = TestData.Gaussian(new Random(113), 10 * 16);
        float[] c = new float[x.Length];
        byte[] m = new byte[10 * EncryptedVectorFormat.Size];
        gpu.EncryptBatch(x, c, m);
        c[(6 * 16) + 1] += 1e-3f;
        float[] back = new float[x.Length];
        Assert.Equal(6, Assert.Throws<AuthenticationFailedException>(() => gpu.DecryptBatch(c, m, back)).Row);
        Assert.All(back, v => Assert.Equal(0f, v));
    }

    [SkippableFact]
    public void Rows_bound_to_their_records_open_on_either_engine_only_with_the_same_binding()
    {
        const int rows = 12, d = 24;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        using var gpu = Create(key);
        using var cpu = new VectorCipher(key);
        float[] x = TestData.Gaussian(new Random(114), rows * d);
        float[] c = new float[x.Length], back = new float[x.Length];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        ReadOnlyMemory<byte>[] bindings = [.. Enumerable.Range(0, rows).Select(i => (ReadOnlyMemory<byte>)new RecordBinding("docs", (ulong)i, 3).ToBytes())];

        gpu.EncryptBatch(x, c, m, bindings);
        cpu.DecryptBatch(c, m, back, associatedData: bindings);
        Assert.True(TestData.Distance(back, x) <= 1e-5 * (TestData.Norm(x) + 1));

        ReadOnlyMemory<byte>[] swapped = [bindings[1], bindings[0], .. bindings[2..]];
        Assert.Equal(0, Assert.Throws<AuthenticationFailedException>(() => gpu.DecryptBatch(c, m, back, swapped)).Row);
        Assert.Throws<AuthenticationFailedException>(() => cpu.DecryptBatch(c, m, back, maxDegreeOfParallelism: 1));

        cpu.EncryptBatch(x, c, m, associatedData: bindings);
        gpu.DecryptBatch(c, m, back, bindings);
        Assert.True(TestData.Distance(back, x) <= 1e-5 * (TestData.Norm(x) + 1));
    }

    [SkippableFact]
    public void One_cipher_serves_growing_batches_and_two_threads_at_once()
    {
        const int d = 48;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        using var gpu = Create(key, memoryBudgetBytes: 9 * 4L * 4 * d);
        using var cpu = new VectorCipher(key);
        foreach (int rows in new[] { 3, 50, 7, 50 })
        {
            float[] x = TestData.Gaussian(new Random(rows), rows * d);
            float[] c = new float[x.Length], back = new float[x.Length];
            byte[] m = new byte[rows * EncryptedVectorFormat.Size];
            gpu.EncryptBatch(x, c, m);
            cpu.DecryptBatch(c, m, back);
            Assert.True(TestData.Distance(back, x) <= 1e-5 * (TestData.Norm(x) + 1), $"{rows} rows");
        }

        Parallel.For(0, 2, t =>
        {
            float[] x = TestData.Gaussian(new Random(200 + t), 40 * d);
            float[] c = new float[x.Length], back = new float[x.Length];
            byte[] m = new byte[40 * EncryptedVectorFormat.Size];
            for (int round = 0; round < 3; round++)
            {
                gpu.EncryptBatch(x, c, m);
                gpu.DecryptBatch(c, m, back);
                Assert.True(TestData.Distance(back, x) <= 1e-5 * (TestData.Norm(x) + 1), $"thread {t}, round {round}");
            }
        });
    }

    [SkippableFact]
    public void A_row_that_overflows_once_scaled_fails_the_whole_batch_and_leaves_no_output()
    {
        const int rows = 40, d = 24;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast, beta: 0.3f, scale: 4f);
        using var gpu = Create(key, memoryBudgetBytes: 4 * 4 * ((4L * d * sizeof(float)) + BallNoise.KeystreamBytes(d) + 16));
        float[] x = TestData.Gaussian(new Random(117), rows * d);
        x[(33 * d) + 2] = 3e38f;
        float[] c = new float[x.Length];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];

        Assert.Contains("Row 33", Assert.ThrowsAny<VectaXException>(() => gpu.EncryptBatch(x, c, m)).Message);
        Assert.All(c, v => Assert.Equal(0f, v));
        Assert.All(m, b => Assert.Equal(0, b));
    }

    [SkippableFact]
    public void Shared_buffers_encrypt_never_decrypt_only_in_place_and_a_shifted_output_is_refused_before_anything_is_written()
    {
        const int rows = 20, d = 16;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        using var gpu = Create(key, memoryBudgetBytes: 4 * 4 * ((4L * d * sizeof(float)) + BallNoise.KeystreamBytes(d) + 16));
        float[] x = TestData.Gaussian(new Random(118), rows * d);
        float[] buffer = new float[(rows + 3) * d];
        x.CopyTo(buffer, 0);
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        Assert.Throws<ArgumentException>(() => gpu.EncryptBatch(buffer.AsMemory(0, rows * d), buffer.AsMemory(3 * d, rows * d), m));
        Assert.Equal(x, buffer[..(rows * d)]);

        gpu.EncryptBatch(x, buffer.AsMemory(0, rows * d), m);
        float[] sealedRows = buffer[..(rows * d)];
        Assert.Throws<ArgumentException>(() => gpu.DecryptBatch(buffer.AsMemory(0, rows * d), m, buffer.AsMemory(3 * d, rows * d)));
        Assert.Equal(sealedRows, buffer[..(rows * d)]);

        gpu.DecryptBatch(buffer.AsMemory(0, rows * d), m, buffer.AsMemory(0, rows * d));
        Assert.True(TestData.Distance(buffer.AsSpan(0, rows * d), x) <= 1e-5 * (TestData.Norm(x) + 1));
    }

    [SkippableFact]
    public void A_disposed_cipher_refuses_batches_and_a_second_dispose_is_harmless()
    {
        using VectaXKey key = TestData.Key(16, TransformKind.Fast);
        var gpu = Create(key);
        float[] x = TestData.Gaussian(new Random(116), 4 * 16);
        float[] c = new float[x.Length];
        byte[] m = new byte[4 * EncryptedVectorFormat.Size];
        gpu.EncryptBatch(x, c, m);
        gpu.Dispose();
        gpu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gpu.EncryptBatch(x, c, m));
        Assert.Throws<ObjectDisposedException>(() => gpu.DecryptBatch(c, m, x));
    }

    [SkippableFact]
    public void A_disposed_borrowed_cipher_is_refused_when_borrowed_and_at_every_batch_before_anything_is_written()
    {
        // A disposed cipher's keys are zeroes: a device built from them, or tags and counters drawn from them, would be silent corruption.
        const int d = 16;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        Create(key).Dispose();
        var disposed = new VectorCipher(key);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => new GpuCipher(disposed, Backend));
        Assert.Throws<ObjectDisposedException>(() => BatchEngine.Open(disposed, Backend));

        var borrowed = new VectorCipher(key);
        using var gpu = new GpuCipher(borrowed, Backend);
        float[] x = TestData.Gaussian(new Random(118), 4 * d);
        float[] c = new float[x.Length], back = [.. Enumerable.Repeat(7f, x.Length)];
        byte[] m = new byte[4 * EncryptedVectorFormat.Size];
        gpu.EncryptBatch(x, c, m);
        float[] sealedRows = [.. c];
        borrowed.Dispose();

        Assert.Throws<ObjectDisposedException>(() => gpu.EncryptBatch(x, c, m));
        Assert.Equal(sealedRows, c);
        Assert.Throws<ObjectDisposedException>(() => gpu.DecryptBatch(c, m, back));
        Assert.All(back, v => Assert.Equal(7f, v));
    }

    [SkippableFact]
    public void The_timeline_times_every_chunk_of_the_last_batch()
    {
        const int rows = 30, d = 32;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        using var gpu = Create(key, memoryBudgetBytes: 2 * 4 * ((4L * d * sizeof(float)) + BallNoise.KeystreamBytes(d) + 16), keepTimeline: true);
        float[] x = TestData.Gaussian(new Random(115), rows * d);
        float[] c = new float[x.Length];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];

        gpu.EncryptBatch(x, c, m);

        List<ChunkTiming> chunks = gpu.Timeline!;
        Assert.Equal(8, chunks.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(k => 4 * k), chunks.Select(t => t.First).Order());
        Assert.Equal(rows, chunks.Sum(t => t.Rows));
        Assert.All(chunks, t => Assert.True(t.StartMs >= 0 && t.CopyInMs >= 0 && t.KernelsMs > 0 && t.CopyOutMs >= 0, t.ToString()));
    }

    /// <summary>A cipher on <see cref="Backend"/>, or a visible skip where this machine lacks that device.</summary>
    private GpuCipher Create(VectaXKey key, long memoryBudgetBytes = 0, bool keepTimeline = false)
    {
        try
        {
            return new GpuCipher(key, Backend, memoryBudgetBytes, keepTimeline);
        }
        catch (AcceleratorUnavailableException e)
        {
            Skip.If(true, e.Message);
            throw;
        }
    }
}
