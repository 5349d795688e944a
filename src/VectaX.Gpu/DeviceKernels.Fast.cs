using ILGPU;

namespace VectaX.Gpu;

internal static partial class DeviceKernels
{
    private const int Rounds = 3;

    /// <summary>
    /// The Fast transform, one row per thread, forward or inverse. Work buffers are column-major (element i of
    /// row r at i * rows + r) so that neighbouring threads touch neighbouring words. Tables hold the three rounds
    /// back to back: forward permutation and sign, or the inverse ones.
    /// </summary>
    public static void Fast(Index1D index, ArrayView<float> input, ArrayView<float> output, ArrayView<float> a, ArrayView<float> b, ArrayView<int> permutations, ArrayView<float> signs, int d, int rows, int block, float normaliser, int inverse)
    {
        long row = index.X;
        if (inverse == 0)
        {
            for (int i = 0; i < d; i++)
            {
                a[((long)i * rows) + row] = input[((long)row * d) + permutations[i]] * signs[i];
            }

            Mix(a, row, rows, d, block, normaliser, false);
            Gather(a, b, row, rows, d, permutations, signs, 1);
            Mix(b, row, rows, d, block, normaliser, false);
            Gather(b, a, row, rows, d, permutations, signs, 2);
            Mix(a, row, rows, d, block, normaliser, false);
        }
        else
        {
            for (int i = 0; i < d; i++)
            {
                a[((long)i * rows) + row] = input[((long)row * d) + i];
            }

            Mix(a, row, rows, d, block, normaliser, true);
            Gather(a, b, row, rows, d, permutations, signs, 2);
            Mix(b, row, rows, d, block, normaliser, true);
            Gather(b, a, row, rows, d, permutations, signs, 1);
            Mix(a, row, rows, d, block, normaliser, true);
            Gather(a, b, row, rows, d, permutations, signs, 0);
            for (int i = 0; i < d; i++)
            {
                output[((long)row * d) + i] = b[((long)i * rows) + row];
            }

            return;
        }

        for (int i = 0; i < d; i++)
        {
            output[((long)row * d) + i] = a[((long)i * rows) + row];
        }
    }

    private static void Gather(ArrayView<float> from, ArrayView<float> to, long row, int rows, int d, ArrayView<int> permutations, ArrayView<float> signs, int round)
    {
        for (int i = 0; i < d; i++)
        {
            to[((long)i * rows) + row] = from[((long)permutations[(round * d) + i] * rows) + row] * signs[(round * d) + i];
        }
    }

    /// <summary>Head block then tail block (forward), or tail then head (inverse); each is its own inverse.</summary>
    private static void Mix(ArrayView<float> x, long row, int rows, int d, int block, float normaliser, bool inverse)
    {
        if (inverse && block < d)
        {
            Hadamard(x, row, rows, d - block, block, normaliser);
        }

        Hadamard(x, row, rows, 0, block, normaliser);
        if (!inverse && block < d)
        {
            Hadamard(x, row, rows, d - block, block, normaliser);
        }
    }

    private static void Hadamard(ArrayView<float> x, long row, int rows, int start, int length, float normaliser)
    {
        for (int h = 1; h < length; h <<= 1)
        {
            for (int i = start; i < start + length; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    long p = ((long)j * rows) + row, q = ((long)(j + h) * rows) + row;
                    float u = x[p], v = x[q];
                    x[p] = u + v;
                    x[q] = u - v;
                }
            }
        }

        for (int i = start; i < start + length; i++)
        {
            x[((long)i * rows) + row] *= normaliser;
        }
    }
}
