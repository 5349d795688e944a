using ILGPU;
using VectaX.Kernels;

namespace VectaX.Gpu;

internal static partial class DeviceKernels
{
    /// <summary>Rows up to this dimension keep their two work vectors in shared memory (32 KiB a group); longer rows use the lane's work buffers.</summary>
    public const int SharedRowLimit = 4096;

    /// <summary>SplitHadamard's rows: G runs the stages below this stride within each row, R those from it up across rows.</summary>
    private const int RowLength = KernelSet.HadamardGroupLength;

    /// <summary>
    /// The Fast transform, forward or inverse, one thread group per row: the group's threads split every gather and
    /// every butterfly stage of the Walsh-Hadamard blocks, with a barrier between stages. The two work vectors sit in
    /// shared memory (<paramref name="shared"/> = 1) or in <paramref name="workA"/> / <paramref name="workB"/> at the
    /// row's offset. Tables hold the three rounds back to back: forward permutation and sign, or the inverse ones.
    /// Each butterfly and scaling is the CPU engine's, in the same stage order, so the results are the same floats.
    /// <paramref name="split"/> = 1 computes the SplitHadamard revision (<see cref="DevicePlan.Revision"/>).
    /// </summary>
    public static void Fast(ArrayView<float> input, ArrayView<float> output, ArrayView<float> workA, ArrayView<float> workB, ArrayView<int> permutations, ArrayView<float> signs, int d, int block, float normaliser, int inverse, int shared, int split)
    {
        long row = Grid.IdxX;
        long at = row * d;
        int t = Group.IdxX, threads = Group.DimX;
        ArrayView<float> memory = SharedMemory.GetDynamic<float>();
        ArrayView<float> a = shared != 0 ? memory.SubView(0, d) : workA.SubView(at, d);
        ArrayView<float> b = shared != 0 ? memory.SubView(d, d) : workB.SubView(at, d);
        if (split != 0)
        {
            Split(input, output, a, b, at, permutations, signs, d, block, normaliser, inverse != 0, t, threads);
            return;
        }

        if (inverse == 0)
        {
            for (int i = t; i < d; i += threads)
            {
                a[i] = input[at + permutations[i]] * signs[i];
            }

            Group.Barrier();
            Mix(a, d, block, 1, normaliser, false, t, threads);
            Gather(a, b, d, permutations, signs, 1, t, threads);
            Mix(b, d, block, 1, normaliser, false, t, threads);
            Gather(b, a, d, permutations, signs, 2, t, threads);
            Mix(a, d, block, 1, normaliser, false, t, threads);
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
        Mix(a, d, block, 1, normaliser, true, t, threads);
        Gather(a, b, d, permutations, signs, 2, t, threads);
        Mix(b, d, block, 1, normaliser, true, t, threads);
        Gather(b, a, d, permutations, signs, 1, t, threads);
        Mix(a, d, block, 1, normaliser, true, t, threads);
        Gather(a, b, d, permutations, signs, 0, t, threads);
        for (int i = t; i < d; i += threads)
        {
            output[at + i] = b[i];
        }
    }

    /// <summary>SplitHadamard: R, G, R after round 0's gather (forward), or R, G, R and then the inverse gather.</summary>
    private static void Split(ArrayView<float> input, ArrayView<float> output, ArrayView<float> a, ArrayView<float> b, long at, ArrayView<int> permutations, ArrayView<float> signs, int d, int block, float normaliser, bool inverse, int t, int threads)
    {
        for (int i = t; i < d; i += threads)
        {
            a[i] = inverse ? input[at + i] : input[at + permutations[i]] * signs[i];
        }

        Group.Barrier();
        Mix(a, d, block, RowLength, normaliser, inverse, t, threads);
        int pre = inverse ? 2 * d : d, post = inverse ? d : 2 * d;
        for (int i = t; i < d; i += threads)
        {
            a[i] *= signs[pre + i] * 0.25f;
        }

        Group.Barrier();
        Stages(a, 0, d, 1, RowLength, t, threads);
        for (int i = t; i < d; i += threads)
        {
            a[i] *= signs[post + i];
        }

        Group.Barrier();
        Mix(a, d, block, RowLength, normaliser, inverse, t, threads);
        if (inverse)
        {
            Gather(a, b, d, permutations, signs, 0, t, threads);
        }

        for (int i = t; i < d; i += threads)
        {
            output[at + i] = inverse ? b[i] : a[i];
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

    /// <summary>
    /// Head block then tail block (forward), or tail then head (inverse); each is its own inverse. The stages from stride
    /// <paramref name="first"/> up: 1 for the whole Walsh-Hadamard transform, <see cref="RowLength"/> for SplitHadamard's R.
    /// </summary>
    private static void Mix(ArrayView<float> x, int d, int block, int first, float normaliser, bool inverse, int t, int threads)
    {
        if (inverse && block < d)
        {
            Hadamard(x, d - block, block, first, normaliser, t, threads);
        }

        Hadamard(x, 0, block, first, normaliser, t, threads);
        if (!inverse && block < d)
        {
            Hadamard(x, d - block, block, first, normaliser, t, threads);
        }
    }

    /// <summary>The unnormalised Walsh-Hadamard butterflies of x[start .. start + length) from stride <paramref name="first"/> up, a stage at a time, then the scaling.</summary>
    private static void Hadamard(ArrayView<float> x, int start, int length, int first, float normaliser, int t, int threads)
    {
        Stages(x, start, length, first, length, t, threads);
        Scale(x, start, length, normaliser, t, threads);
    }

    /// <summary>The butterflies of stride first, 2 first, ... below limit on x[start .. start + length), a stage at a time.</summary>
    private static void Stages(ArrayView<float> x, int start, int length, int first, int limit, int t, int threads)
    {
        for (int h = first; h < limit; h <<= 1)
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
    }

    private static void Scale(ArrayView<float> x, int start, int length, float normaliser, int t, int threads)
    {
        for (int i = t; i < length; i += threads)
        {
            x[start + i] *= normaliser;
        }

        Group.Barrier();
    }
}
