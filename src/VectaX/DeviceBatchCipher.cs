namespace VectaX;

/// <summary>
/// The base of a batch cipher that runs the transform and noise on a device: the batch semantics stay here, shared
/// with <see cref="VectorCipher"/> (shape checks, finite rows, fresh IVs, overlap refusal, all-or-nothing, every row
/// authenticated before any is decrypted, tags on the CPU cores), and the device brings only
/// <see cref="RunEncrypt"/> and <see cref="RunDecrypt"/>, from the key's <see cref="CreatePlan">plan</see>.
/// </summary>
public abstract class DeviceBatchCipher : IBatchCipher
{
    private readonly bool _ownsCipher;
    private bool _disposed;

    /// <summary>Runs batches for <paramref name="cipher"/>'s key; with <paramref name="ownsCipher"/>, disposing this disposes it too.</summary>
    protected DeviceBatchCipher(VectorCipher cipher, bool ownsCipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        cipher.ThrowIfDisposed();
        Cipher = cipher;
        _ownsCipher = ownsCipher;
    }

    /// <inheritdoc/>
    public int Dimension => Cipher.Dimension;

    /// <inheritdoc/>
    public abstract string EngineName { get; }

    /// <summary>The CPU cipher of the same key: it checks rows, tags ciphertexts and authenticates them.</summary>
    protected VectorCipher Cipher { get; }

    /// <summary>Encrypts n row-major vectors; the contract of <see cref="VectorCipher.EncryptBatch"/>, the transform and noise on the device.</summary>
    public void EncryptBatch(ReadOnlyMemory<float> plaintexts, Memory<float> ciphertexts, Memory<byte> metadata, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Cipher.ThrowIfDisposed();
        int d = Dimension;
        int n = Cipher.BatchRows(plaintexts.Length, ciphertexts.Length, nameof(ciphertexts), metadata.Length, associatedData);
        VectorCipher.RefuseOverlap(plaintexts.Span, ciphertexts.Span, nameof(ciphertexts));
        Cipher.CheckRows(plaintexts, n, -1);
        byte[] ivs = new byte[n * EncryptedVectorFormat.IvSize];
        SecretRandom.Fill(ivs);

        // A failed batch (a row that overflows once scaled, a device error) clears what it wrote: batches fail whole.
        // Each row is copied out of the device's results and tagged while it is in the core's cache: one pass over them.
        // A device that hands back a row twice, or returns without one, fails the batch: no row goes out untagged.
        int[] sealedRows = new int[n];
        VectorCipher.AllOrNothing(ciphertexts.Span, metadata.Span, () =>
        {
            RunEncrypt(plaintexts, ivs, (first, rows, results) => ParallelRows.For(rows, -1, i =>
            {
                int row = first + i;
                Span<float> c = ciphertexts.Span.Slice(row * d, d);
                if (Interlocked.Exchange(ref sealedRows[row], 1) != 0)
                {
                    throw new InvalidOperationException($"The device handed back row {row} twice.");
                }

                results.Span.Slice(i * d, d).CopyTo(c);
                Cipher.Finish(
                    ivs.AsSpan(row * EncryptedVectorFormat.IvSize, EncryptedVectorFormat.IvSize),
                    VectorCipher.AssociatedRow(associatedData, row),
                    c,
                    metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
                    row);
            }));
            int missing = Array.IndexOf(sealedRows, 0);
            if (missing >= 0)
            {
                throw new InvalidOperationException($"The device returned without row {missing}.");
            }
        });
    }

    /// <summary>Authenticates every row on the CPU, then decrypts on the device; the contract of <see cref="VectorCipher.DecryptBatch"/>.</summary>
    public void DecryptBatch(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> metadata, Memory<float> plaintexts, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Cipher.ThrowIfDisposed();
        int d = Dimension;
        int n = Cipher.BatchRows(ciphertexts.Length, plaintexts.Length, nameof(plaintexts), metadata.Length, associatedData);

        // Every row is authenticated before any is decrypted, and a device stages its input ahead of the results it writes
        // back: in place is exact, but a shifted output would overwrite ciphertexts not yet staged after they were checked.
        if (ciphertexts.Span.Overlaps(plaintexts.Span, out int shift) && shift != 0)
        {
            Throw.Argument("The output must be the input itself (in place) or not overlap it.", nameof(plaintexts));
        }

        byte[] ivs = new byte[n * EncryptedVectorFormat.IvSize];
        ParallelRows.For(n, -1, row => Cipher.Authenticate(
            ciphertexts.Span.Slice(row * d, d),
            metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
            VectorCipher.AssociatedRow(associatedData, row),
            row).CopyTo(ivs.AsSpan(row * EncryptedVectorFormat.IvSize)));

        VectorCipher.AllOrNothing(plaintexts.Span, default, () => RunDecrypt(ciphertexts, ivs, plaintexts));
    }

    /// <summary>Releases the device (<see cref="Dispose(bool)"/>), then the CPU cipher when this owns it.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// On the device: n = <paramref name="plaintexts"/>.Length / d rows of s*Q*v + n under the 16-byte
    /// <paramref name="ivs"/>, handed back by calling <paramref name="sealRows"/>(first row, rows, their results
    /// row-major) once for each run of rows, which copies them out and tags them. Throwing fails the batch.
    /// </summary>
    protected abstract void RunEncrypt(ReadOnlyMemory<float> plaintexts, ReadOnlyMemory<byte> ivs, Action<int, int, ReadOnlyMemory<float>> sealRows);

    /// <summary>On the device: the authenticated rows of <paramref name="ciphertexts"/> back to vectors, under their <paramref name="ivs"/>, into <paramref name="plaintexts"/> (which may be the input itself).</summary>
    protected abstract void RunDecrypt(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> ivs, Memory<float> plaintexts);

    /// <summary>
    /// The key's device plan; the caller uploads it and disposes it. A Fast key of a revision this device does not
    /// <see cref="Computes">compute</see> is a <see cref="NotSupportedException"/>: its rows would be sealed under another map.
    /// </summary>
    protected DevicePlan CreatePlan()
    {
        DevicePlan plan = Cipher.CreateDevicePlan();
        if (plan.Transform == TransformKind.Fast && !Computes(plan.Revision))
        {
            plan.Dispose();
            throw new NotSupportedException($"{EngineName} does not compute Fast transform revision {plan.Revision}; use the CPU cipher, or a key of another revision.");
        }

        return plan;
    }

    /// <summary>
    /// Whether this device computes Fast keys of <paramref name="revision"/>: by default the revisions whose round tables
    /// alone say the map (<see cref="TransformRevision.Original"/>, <see cref="TransformRevision.SingleGather"/>); a device
    /// that follows <see cref="DevicePlan.Revision"/> for the others says so here.
    /// </summary>
    protected virtual bool Computes(TransformRevision revision) => revision is TransformRevision.Original or TransformRevision.SingleGather;

    /// <summary>The counter block each row's noise keystream starts at, for the 16-byte <paramref name="ivs"/>: four big-endian words a row.</summary>
    protected void NoiseCounters(ReadOnlySpan<byte> ivs, Span<uint> words) => Cipher.NoiseCounters(ivs, words);

    /// <summary>Frees what the device holds; the base then disposes the CPU cipher when this owns it. Called once.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        if (_ownsCipher)
        {
            Cipher.Dispose();
        }
    }
}
