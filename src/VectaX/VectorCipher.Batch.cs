using System.Buffers;

namespace VectaX;

/// <summary>Batch encryption and decryption over row-major buffers, spread over cores in chunks of rows.</summary>
public sealed partial class VectorCipher
{
    /// <summary>
    /// Rows a worker takes at once: one GEMM for the dense transform; 16 for the fast one, whose rows are
    /// independent, so the last chunks of a batch even out between cores while the scratch block is still reused.
    /// </summary>
    private int ChunkRows => Math.Max(16, _transform.BatchRows);

    /// <summary>
    /// Encrypts n row-major vectors (n*d floats) under fresh IVs into n*d ciphertext floats and n metadata blobs
    /// of <see cref="EncryptedVectorFormat.Size"/> bytes; row i's tag covers <paramref name="associatedData"/>[i] when given.
    /// Every row is validated before any is encrypted.
    /// </summary>
    public void EncryptBatch(ReadOnlyMemory<float> plaintexts, Memory<float> ciphertexts, Memory<byte> metadata, int maxDegreeOfParallelism = -1, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        ThrowIfDisposed();
        int n = BatchRows(plaintexts.Length, ciphertexts.Length, "ciphertexts", metadata.Length, associatedData);
        RefuseOverlap(plaintexts.Span, ciphertexts.Span, nameof(ciphertexts));
        CheckRows(plaintexts, n, maxDegreeOfParallelism);

        byte[] ivs = new byte[n * EncryptedVectorFormat.IvSize];
        SecretRandom.Fill(ivs);
        AllOrNothing(ciphertexts.Span, metadata.Span, () => ForEachChunk(n, maxDegreeOfParallelism, (first, count) =>
        {
            byte[] block = ArrayPool<byte>.Shared.Rent(_encryptScratchBytes);
            var scratch = new CipherScratch(block, block, Dimension, _transform.ScratchFloats, decrypt: false);
            try
            {
                int step = _transform.BatchRows;
                for (int at = first; at < first + count; at += step)
                {
                    int rows = Math.Min(step, first + count - at);
                    Span<float> c = ciphertexts.Span.Slice(at * Dimension, rows * Dimension);
                    _transform.Forward(plaintexts.Span.Slice(at * Dimension, rows * Dimension), c, scratch.Work, rows, _kernels);
                    for (int row = at; row < at + rows; row++)
                    {
                        Seal(
                            plaintexts.Span.Slice(row * Dimension, Dimension),
                            ivs.AsSpan(row * EncryptedVectorFormat.IvSize, EncryptedVectorFormat.IvSize),
                            AssociatedRow(associatedData, row),
                            c.Slice((row - at) * Dimension, Dimension),
                            metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
                            ref scratch,
                            row);
                    }
                }
            }
            finally
            {
                scratch.Release();
            }
        }));
    }

    /// <summary>
    /// Authenticates (row i against <paramref name="associatedData"/>[i] when given) and decrypts n row-major
    /// ciphertexts; throws <see cref="AuthenticationFailedException"/> naming the first failing row of the batch.
    /// </summary>
    public void DecryptBatch(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> metadata, Memory<float> plaintexts, int maxDegreeOfParallelism = -1, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        ThrowIfDisposed();
        int n = BatchRows(ciphertexts.Length, plaintexts.Length, "plaintexts", metadata.Length, associatedData);
        AllOrNothing(plaintexts.Span, default, () => ForEachChunk(n, maxDegreeOfParallelism, (first, count) =>
        {
            byte[] block = ArrayPool<byte>.Shared.Rent(_encryptScratchBytes);
            var scratch = new CipherScratch(block, block, Dimension, _transform.ScratchFloats, decrypt: false);
            float[] y = ArrayPool<float>.Shared.Rent(count * Dimension);
            try
            {
                for (int row = first; row < first + count; row++)
                {
                    Open(
                        ciphertexts.Span.Slice(row * Dimension, Dimension),
                        metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
                        AssociatedRow(associatedData, row),
                        y.AsSpan((row - first) * Dimension, Dimension),
                        ref scratch,
                        row);
                }

                _transform.Inverse(y.AsSpan(0, count * Dimension), plaintexts.Span.Slice(first * Dimension, count * Dimension), scratch.Work, count, _kernels);
            }
            finally
            {
                Array.Clear(y);
                ArrayPool<float>.Shared.Return(y);
                scratch.Release();
            }
        }));
    }

    /// <summary>
    /// Runs a batch; if any row fails, clears the whole output before the error goes out: a dense chunk holds Q*v
    /// without its noise until each row is sealed, and a decryption releases no row of a batch that did not authenticate.
    /// Device engines run theirs through it too.
    /// </summary>
    internal static void AllOrNothing(Span<float> output, Span<byte> metadata, Action batch)
    {
        try
        {
            batch();
        }
        catch
        {
            output.Clear();
            metadata.Clear();
            throw;
        }
    }

    /// <summary>"CPU engine": batches run on this machine's cores.</summary>
    string IBatchCipher.EngineName => "CPU engine";

    /// <inheritdoc/>
    void IBatchCipher.EncryptBatch(ReadOnlyMemory<float> plaintexts, Memory<float> ciphertexts, Memory<byte> metadata, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData) =>
        EncryptBatch(plaintexts, ciphertexts, metadata, associatedData: associatedData);

    /// <inheritdoc/>
    void IBatchCipher.DecryptBatch(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> metadata, Memory<float> plaintexts, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData) =>
        DecryptBatch(ciphertexts, metadata, plaintexts, associatedData: associatedData);

    /// <summary>Row <paramref name="row"/>'s associated data, empty without a list; shared with device engines.</summary>
    internal static ReadOnlySpan<byte> AssociatedRow(IReadOnlyList<ReadOnlyMemory<byte>>? associatedData, int row) =>
        associatedData is null ? default : associatedData[row].Span;

    /// <summary>An encryption reads rows its output would already have overwritten: its buffers must not share memory.</summary>
    internal static void RefuseOverlap(ReadOnlySpan<float> input, Span<float> output, string name)
    {
        if (input.Overlaps(output))
        {
            Throw.Argument("The output must not overlap the input.", name);
        }
    }

    /// <summary>The rows of a batch whose buffers (and associated data, if any) agree with each other and the dimension; shared with device engines.</summary>
    internal int BatchRows(int inputFloats, int outputFloats, string output, int metadataBytes, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData)
    {
        if (inputFloats % Dimension != 0)
        {
            Throw.InvalidVector($"A batch of dimension-{Dimension} rows cannot hold {inputFloats} floats.");
        }

        int n = inputFloats / Dimension;
        CheckLength(outputFloats, inputFloats, output);
        CheckLength(metadataBytes, n * EncryptedVectorFormat.Size, "metadata");
        if (associatedData is not null)
        {
            CheckLength(associatedData.Count, n, "associated data");
        }

        return n;
    }

    /// <summary>Every row of a plaintext batch is finite (on every core); shared with device engines.</summary>
    internal void CheckRows(ReadOnlyMemory<float> plaintexts, int rows, int maxDegreeOfParallelism) =>
        ForEachChunk(rows, maxDegreeOfParallelism, (first, count) =>
        {
            for (int row = first; row < first + count; row++)
            {
                CheckVector(plaintexts.Span.Slice(row * Dimension, Dimension), row);
            }
        });

    private void ForEachChunk(int rows, int maxDegreeOfParallelism, Action<int, int> body)
    {
        int chunkRows = ChunkRows;
        int chunks = (rows + chunkRows - 1) / chunkRows;
        if (chunks <= 1 || maxDegreeOfParallelism == 1)
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                body(chunk * chunkRows, Math.Min(chunkRows, rows - (chunk * chunkRows)));
            }

            return;
        }

        ParallelRows.For(chunks, maxDegreeOfParallelism, chunk => body(chunk * chunkRows, Math.Min(chunkRows, rows - (chunk * chunkRows))));
    }
}
