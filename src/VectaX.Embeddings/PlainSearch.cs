using VectaX.Kernels;

namespace VectaX.Embeddings;

/// <summary>Exact k-nearest neighbours by brute force over plaintext vectors: the ground truth the demo compares against.</summary>
public static class PlainSearch
{
    /// <summary>The <paramref name="k"/> rows of <paramref name="data"/> nearest <paramref name="query"/> by squared Euclidean distance, nearest first.</summary>
    public static (int Index, float Distance)[] Nearest(float[][] data, float[] query, int k)
    {
        KernelSet kernels = KernelDispatch.Default;
        var distances = new float[data.Length];
        var order = new int[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            distances[i] = kernels.SquaredDistance(data[i], query);
            order[i] = i;
        }

        Array.Sort(distances, order);
        return [.. order.Take(k).Select((index, rank) => (index, distances[rank]))];
    }
}
