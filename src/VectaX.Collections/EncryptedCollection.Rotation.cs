using System.Buffers;

namespace VectaX.Collections;

/// <summary>Key rotation of one page in batches: the rows of each old key decrypted in one batch, all encrypted under the active key in one.</summary>
public sealed partial class EncryptedCollection
{
    /// <summary>
    /// The page's points without a policy that are not under the active key, re-encrypted under it with payload and
    /// revision kept, through the cipher's batch paths over pooled row-major buffers (one binding per row).
    /// </summary>
    private StoredPoint[] RotatePage(IReadOnlyList<StoredPoint> page)
    {
        VectorCipher active = Keys.Active;
        var stale = new StaleRow?[page.Count];
        ParallelRows.For(page.Count, -1, i => stale[i] = IsSealed(page[i]) ? null : Rotating(page[i], () => Stale(page[i], active)));

        // Grouped by key, each group one decryption batch; OrderBy is stable, so page order holds within a key.
        int[] rows = [.. Enumerable.Range(0, page.Count).Where(i => stale[i] is not null).OrderBy(i => stale[i]!.Value.KeyId)];
        if (rows.Length == 0)
        {
            return [];
        }

        int n = rows.Length, d = active.Dimension, size = EncryptedVectorFormat.Size;
        float[] ciphertexts = ArrayPool<float>.Shared.Rent(n * d);
        float[] plaintexts = ArrayPool<float>.Shared.Rent(n * d);
        byte[] metadata = ArrayPool<byte>.Shared.Rent(n * size);
        var bindings = new ReadOnlyMemory<byte>[n];
        try
        {
            for (int r = 0; r < n; r++)
            {
                StaleRow row = stale[rows[r]]!.Value;
                page[rows[r]].Vector.CopyTo(ciphertexts, r * d);
                row.Metadata.CopyTo(metadata, r * size);
                bindings[r] = row.Binding;
            }

            for (int first = 0, end; first < n; first = end)
            {
                uint keyId = stale[rows[first]]!.Value.KeyId;
                for (end = first + 1; end < n && stale[rows[end]]!.Value.KeyId == keyId; end++)
                {
                }

                DecryptGroup(page, rows, first, end, ciphertexts, metadata, plaintexts, bindings);
            }

            active.EncryptBatch(plaintexts.AsMemory(0, n * d), ciphertexts.AsMemory(0, n * d), metadata.AsMemory(0, n * size), -1, bindings);
            var renewed = new StoredPoint[n];
            ParallelRows.For(n, -1, r =>
            {
                StoredPoint p = page[rows[r]];
                var payload = new Dictionary<string, string>(p.Payload, StringComparer.Ordinal);
                PayloadFields.WriteMetadata(payload, metadata.AsSpan(r * size, size));
                renewed[r] = p with { Vector = ciphertexts.AsSpan(r * d, d).ToArray(), Payload = payload };
            });
            return renewed;
        }
        finally
        {
            Array.Clear(plaintexts, 0, n * d);
            ArrayPool<float>.Shared.Return(plaintexts);
            ArrayPool<float>.Shared.Return(ciphertexts);
            ArrayPool<byte>.Shared.Return(metadata);
        }
    }

    /// <summary>Rows <paramref name="first"/> to <paramref name="end"/> (one old key) decrypted in one batch; a bad point stops it with a <see cref="StoreException"/> naming it.</summary>
    private void DecryptGroup(IReadOnlyList<StoredPoint> page, int[] rows, int first, int end, float[] ciphertexts, byte[] metadata, float[] plaintexts, ReadOnlyMemory<byte>[] bindings)
    {
        int d = Keys.Active.Dimension, size = EncryptedVectorFormat.Size, count = end - first;
        VectorCipher old = Rotating(page[rows[first]], () => Keys[EncryptedVectorFormat.ReadKeyId(metadata.AsSpan(first * size, size))]);
        try
        {
            old.DecryptBatch(
                ciphertexts.AsMemory(first * d, count * d),
                metadata.AsMemory(first * size, count * size),
                plaintexts.AsMemory(first * d, count * d),
                -1,
                new ArraySegment<ReadOnlyMemory<byte>>(bindings, first, count));
        }
        catch (VectaXException e) when (e is not StoreException)
        {
            // The batch names a row index, not a point: decrypting the group's points one by one names the point, as a single rotation would.
            for (int r = first; r < end; r++)
            {
                StoredPoint p = page[rows[r]];
                Array.Clear(Rotating(p, () => DecryptUnderRing(p)));
            }

            throw new StoreException($"Points {page[rows[first]].Id} to {page[rows[end - 1]].Id} cannot be rotated: {e.Message}", e);
        }
    }

    /// <summary>The point's metadata and binding when it is under another key than <paramref name="active"/>, else null; typed errors for a malformed point.</summary>
    private StaleRow? Stale(StoredPoint p, VectorCipher active)
    {
        byte[] metadata = Metadata(p);
        uint keyId = EncryptedVectorFormat.ReadKeyId(metadata);
        if (keyId == active.KeyId)
        {
            return null;
        }

        if (p.Vector.Length != active.Dimension)
        {
            throw new MalformedPointException(p.Id, "vector", $"holds {p.Vector.Length} floats; the key's dimension is {active.Dimension}");
        }

        return new StaleRow(keyId, metadata, Binding(p));
    }

    /// <summary>A point to rotate: the key it is under, its stored metadata, and what its tag is bound to.</summary>
    private readonly record struct StaleRow(uint KeyId, byte[] Metadata, byte[] Binding);
}
