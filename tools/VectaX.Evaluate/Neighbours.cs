using VectaX.Kernels;

namespace VectaX.Evaluate;

/// <summary>The exact plaintext nearest neighbour with the SIMD kernels (k nearest: <see cref="Cli.PlainSearch"/>).</summary>
internal static class Neighbours
{
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
