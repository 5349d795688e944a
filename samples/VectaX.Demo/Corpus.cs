using VectaX.Kernels;

/// <summary>Synthetic clustered unit vectors and brute-force nearest neighbours.</summary>
internal static class Corpus
{
    public static float[] Clustered(Random random, int count, int dimension, int clusters)
    {
        var centers = new float[clusters][];
        var centerRandom = new Random(7);
        for (int c = 0; c < clusters; c++)
        {
            centers[c] = Gaussian(centerRandom, dimension, 1f);
        }

        var data = new float[count * dimension];
        for (int i = 0; i < count; i++)
        {
            float[] center = centers[random.Next(clusters)];
            float[] jitter = Gaussian(random, dimension, 0.35f);
            Span<float> row = data.AsSpan(i * dimension, dimension);
            double norm = 0;
            for (int j = 0; j < dimension; j++)
            {
                row[j] = center[j] + jitter[j];
                norm += row[j] * row[j];
            }

            for (int j = 0; j < dimension; j++)
            {
                row[j] = (float)(row[j] / Math.Sqrt(norm));
            }
        }

        return data;
    }

    public static int[] Nearest(KernelSet kernels, float[] data, ReadOnlySpan<float> query, int dimension, int k)
    {
        int count = data.Length / dimension;
        var distances = new float[count];
        for (int i = 0; i < count; i++)
        {
            distances[i] = kernels.SquaredDistance(data.AsSpan(i * dimension, dimension), query);
        }

        int[] order = Enumerable.Range(0, count).ToArray();
        Array.Sort(distances, order);
        return order[..k];
    }

    private static float[] Gaussian(Random random, int length, float scale)
    {
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())) * scale;
        }

        return v;
    }
}
