namespace VectaX.Benchmarks;

/// <summary>Large inputs filled on every core (a billion floats from one Random take longer than the benchmark).</summary>
public static class BenchData
{
    /// <summary>Floats uniform in [-0.5, 0.5), the same for a seed whatever the core count.</summary>
    public static float[] Uniform(long count, int seed)
    {
        const int Block = 1 << 20;
        float[] values = GC.AllocateUninitializedArray<float>(checked((int)count));
        Parallel.For(0, (values.Length + Block - 1) / Block, b =>
        {
            var random = new Random(HashCode.Combine(seed, b));
            for (int i = b * Block, end = Math.Min(values.Length, i + Block); i < end; i++)
            {
                values[i] = random.NextSingle() - 0.5f;
            }
        });
        return values;
    }
}
