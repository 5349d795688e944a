using VectaX.Kernels;

namespace VectaX.Evaluate;

/// <summary>Exact plaintext nearest neighbours with the SIMD kernels.</summary>
internal static class Neighbours
{
    public static HashSet<ulong> Nearest(float[][] corpus, float[] query, int k) =>
        [.. Enumerable.Range(0, corpus.Length).OrderBy(i => KernelDispatch.Default.SquaredDistance(corpus[i], query)).Take(k).Select(i => (ulong)i)];

    public static int Nearest(float[][] corpus, float[] query)
    {
        int best = 0;
        float bestDistance = float.MaxValue;
        for (int i = 0; i < corpus.Length; i++)
        {
            float distance = KernelDispatch.Default.SquaredDistance(corpus[i], query);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return best;
    }
}
