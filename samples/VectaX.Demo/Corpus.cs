/// <summary>Synthetic clustered unit vectors and plaintext brute-force nearest neighbours.</summary>
internal static class Corpus
{
    public static float[][] Clustered(Random random, int count, int dimension, int clusters)
    {
        var centerRandom = new Random(7);
        float[][] centers = Enumerable.Range(0, clusters).Select(_ => Gaussian(centerRandom, dimension, 1f)).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            float[] center = centers[random.Next(clusters)];
            float[] jitter = Gaussian(random, dimension, 0.35f);
            float[] v = center.Select((c, j) => c + jitter[j]).ToArray();
            double norm = Math.Sqrt(v.Sum(x => (double)x * x));
            return v.Select(x => (float)(x / norm)).ToArray();
        }).ToArray();
    }

    public static HashSet<ulong> Nearest(float[][] data, float[] query, int k)
    {
        var distances = new float[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            distances[i] = VectaX.Kernels.KernelDispatch.Default.SquaredDistance(data[i], query);
        }

        ulong[] order = Enumerable.Range(0, data.Length).Select(i => (ulong)i).ToArray();
        Array.Sort(distances, order);
        return [.. order[..k]];
    }

    private static float[] Gaussian(Random random, int length, float scale) =>
        Enumerable.Range(0, length).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())) * scale).ToArray();
}
