using ILGPU;

namespace VectaX.Gpu;

internal static partial class DeviceKernels
{
    /// <summary>Rows up to this dimension keep their two work vectors in shared memory (32 KiB a group); longer rows use the lane's work buffers.</summary>
    public const int SharedRowLimit = 4096;

    /// <summary>
    /// The Fast transform, forward or inverse, one thread group per row: the group's threads split every gather and
    /// every butterfly stage of the Walsh-Hadamard blocks, with a barrier between stages. The two work vectors sit in
    /// shared memory (<paramref name="shared"/> = 1) or in <paramref name="workA"/> / <paramref name="workB"/> at the
    /// row's offset. Tables hold the three rounds back to back: forward permutation and sign, or the inverse ones.
    /// Each butterfly and scaling is the CPU engine's, in the same stage order, so the results are the same floats.
    /// </summary>
    public static void Fast(ArrayView<float> input, ArrayView<float> output, ArrayView<float> workA, ArrayView<float> workB, ArrayView<int> permutations, ArrayView<float> signs, int d, int block, float normaliser, int inverse, int shared)
    {
        long row = Grid.IdxX;
        long at = row * d;
        int t = Group.IdxX, threads = Group.DimX;
        ArrayView<float> memory = SharedMemory.GetDynamic<float>();
        ArrayView<float> a = shared != 0 ? memory.SubView(0, d) : workA.SubView(at, d);
        ArrayView<float> b = shared != 0 ? memory.SubView(d, d) : workB.SubView(at, d);
        if (inverse == 0)
        {
            for (int i = t; i < d; i += threads)
            {
                a[i] = input[at + permutations[i]] * signs[i];
            }

            Group.Barrier();
            Mix(a, d, block, normaliser, false, t, threads);
            Gather(a, b, d, permutations, signs, 1, t, threads);
            Mix(b, d, block, normaliser, false, t, threads);
            Gather(b, a, d, permutations, signs, 2, t, threads);
            Mix(a, d, block, normaliser, false, t, threads);
            for (int i = t; i < d; i += threads)
            {
                output[at + i] = a[i];
            }

            return;
        }

        for (int i = t; i < d; i += threads)
        {
            a[i] = input[at + i];
        }

        Group.Barrier();
        Mix(a, d, block, normaliser, true, t, threads);
        Gather(a, b, d, permutations, signs, 2, t, threads);
        Mix(b, d, block, normaliser, true, t, threads);
        Gather(b, a, d, permutations, signs, 1, t, threads);
        Mix(a, d, block, normaliser, true, t, threads);
        Gather(a, b, d, permutations, signs, 0, t, threads);
        for (int i = t; i < d; i += threads)
        {
            output[at + i] = b[i];
        }
    }

    private static void Gather(ArrayView<float> from, ArrayView<float> to, int d, ArrayView<int> permutations, ArrayView<float> signs, int round, int t, int threads)
    {
        for (int i = t; i < d; i += threads)
        {
            to[i] = from[permutations[(round * d) + i]] * signs[(round * d) + i];
        }

        Group.Barrier();
    }

    /// <summary>Head block then tail block (forward), or tail then head (inverse); each is its own inverse.</summary>
    private static void Mix(ArrayView<float> x, int d, int block, float normaliser, bool inverse, int t, int threads)
    {
        if (inverse && block < d)
        {
            Hadamard(x, d - block, block, normaliser, t, threads);
        }

        Hadamard(x, 0, block, normaliser, t, threads);
        if (!inverse && block < d)
        {
            Hadamard(x, d - block, block, normaliser, t, threads);
        }
    }

    /// <summary>The unnormalised Walsh-Hadamard butterflies of x[start .. start + length), a stage at a time, then the scaling.</summary>
    private static void Hadamard(ArrayView<float> x, int start, int length, float normaliser, int t, int threads)
    {
        for (int h = 1; h < length; h <<= 1)
        {
            for (int p = t; p < length / 2; p += threads)
            {
                int j = start + ((p / h) * 2 * h) + (p % h);
                float u = x[j], v = x[j + h];
                x[j] = u + v;
                x[j + h] = u - v;
            }

            Group.Barrier();
        }

        for (int i = t; i < length; i += threads)
        {
            x[start + i] *= normaliser;
        }

        Group.Barrier();
    }
}
