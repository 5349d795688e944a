using VectaX.Collections;

namespace VectaX.Benchmarks;

/// <summary>Synthetic points for the store benchmarks: a seeded vector block, stores and store files built from it.</summary>
internal static class StoreFixture
{
    /// <summary>Rows per upsert while building: the size of a compacted record at d = 384.</summary>
    private const int BuildBatch = 1 << 15;

    /// <summary>Uniform floats in [-1, 1), row-major, filled on every core.</summary>
    public static float[] Block(int rows, int dimension, int seed)
    {
        var block = new float[(long)rows * dimension];
        Parallel.For(0, (rows + BuildBatch - 1) / BuildBatch, chunk =>
        {
            var random = new Random(seed + chunk);
            int from = chunk * BuildBatch * dimension, to = (int)Math.Min(block.LongLength, (long)(chunk + 1) * BuildBatch * dimension);
            for (int i = from; i < to; i++)
            {
                block[i] = (random.NextSingle() * 2) - 1;
            }
        });
        return block;
    }

    /// <summary>An in-memory store holding the block's rows as points 0..rows-1, with a payload the size of real metadata.</summary>
    public static EmbeddedVectorStore Store(float[] block, int rows, int dimension, string collection)
    {
        var store = new EmbeddedVectorStore();
        store.EnsureCollectionAsync(collection, dimension).GetAwaiter().GetResult();
        string metadata = new('m', 96);
        for (int from = 0; from < rows; from += BuildBatch)
        {
            StoredPoint[] batch = [.. Enumerable.Range(from, Math.Min(BuildBatch, rows - from)).Select(r =>
                new StoredPoint((ulong)r, block.AsSpan(r * dimension, dimension).ToArray(), new Dictionary<string, string> { ["m"] = metadata }, []))];
            store.UpsertAsync(collection, batch).GetAwaiter().GetResult();
        }

        return store;
    }

    /// <summary>A store file of the block (seed 1), written once per size and reused by later runs.</summary>
    public static string File(int rows, int dimension, string collection)
    {
        string path = Path.Combine(Path.GetTempPath(), $"vectax-bench-{rows}x{dimension}.vxs");
        if (!System.IO.File.Exists(path))
        {
            using EmbeddedVectorStore store = Store(Block(rows, dimension, 1), rows, dimension, collection);
            store.Save(path);
        }

        return path;
    }
}
