using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// A Haar-random orthogonal matrix built as a product of random Householder reflections, one per dimension
/// k = d .. 2, each from a fresh Gaussian vector of length k and signed by -sign(x_1), times a random final
/// sign (Stewart, "The efficient generation of random orthogonal matrices with an application to condition
/// estimators", SIAM J. Numer. Anal. 1980; Mezzadri, "How to generate random matrices from the classical
/// compact groups", 2007). This is the distribution of Q from the QR factorisation of a Gaussian matrix with
/// the sign fix, without forming R. Built in double precision with a fixed operation order (so every machine
/// builds the same Q), then rounded to float. Applying it is a GEMM, bit-identical for one row or many.
/// </summary>
internal sealed class DenseTransform : OrthogonalTransform
{
    private const int RowBlock = 32;

    private readonly float[] _forward; // Q^T, row-major: y = x * Q^T.
    private readonly float[] _inverse; // Q, row-major: x = y * Q.

    public DenseTransform(ReadOnlySpan<byte> key, int dimension)
        : base(dimension)
    {
        int d = dimension;
        double[] q = Build(key, d);
        _forward = new float[d * d];
        _inverse = new float[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                float value = (float)q[(r * d) + c];
                _inverse[(r * d) + c] = value;
                _forward[(c * d) + r] = value;
            }
        }

        Array.Clear(q);
    }

    /// <summary>Q^T and Q, row-major, for device kernels.</summary>
    public (float[] Forward, float[] Inverse) Matrices => (_forward, _inverse);

    /// <summary>One GEMM per 64 rows.</summary>
    public override int BatchRows => 64;

    public override int ScratchFloats => 0;

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch, int rows, KernelSet kernels) =>
        kernels.MatrixMultiply(x[..(rows * Dimension)], _forward, y[..(rows * Dimension)], rows, Dimension, Dimension);

    public override void Inverse(Span<float> y, Span<float> x, Span<float> scratch, int rows, KernelSet kernels) =>
        kernels.MatrixMultiply(y[..(rows * Dimension)], _inverse, x[..(rows * Dimension)], rows, Dimension, Dimension);

    public override void Clear()
    {
        Array.Clear(_forward);
        Array.Clear(_inverse);
    }

    private static double[] Build(ReadOnlySpan<byte> key, int d)
    {
        // The double kernels keep one order of operations at every width: any machine builds the same Q.
        KernelSet kernels = KernelDispatch.Default;
        // Reflection k acts on the last k coordinates; its vector v starts at offset[k] in the flat store.
        var vectors = new double[Math.Max(1, (d * (d + 1) / 2) - 1)];
        var offset = new int[d + 1];
        var factor = new double[d + 1];
        var sign = new double[d + 1];
        double lastSign;
        using (var stream = new KeyedStream(key))
        {
            int at = 0;
            var g = new float[d];
            for (int k = d; k >= 2; k--)
            {
                stream.NextGaussians(g.AsSpan(0, k));
                Span<double> v = vectors.AsSpan(at, k);
                double norm2 = 0;
                for (int j = 0; j < k; j++)
                {
                    v[j] = g[j];
                    norm2 += v[j] * v[j];
                }

                double s = v[0] >= 0 ? 1 : -1;
                v[0] += s * Math.Sqrt(norm2);
                offset[k] = at;
                factor[k] = 2 / kernels.Dot(v, v);
                sign[k] = -s;
                at += k;
            }

            Array.Clear(g);
            lastSign = (stream.NextWord() & 1) == 0 ? 1 : -1;
        }

        var q = new double[d * d];
        int blocks = (d + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, block =>
        {
            int first = block * RowBlock;
            int count = Math.Min(RowBlock, d - first);
            for (int r = first; r < first + count; r++)
            {
                q[(r * d) + r] = 1;
            }

            // M <- M * H_k for k = d .. 2, row block by row block so that v_k is reused from cache.
            for (int k = d; k >= 2; k--)
            {
                ReadOnlySpan<double> v = vectors.AsSpan(offset[k], k);
                for (int r = first; r < first + count; r++)
                {
                    Span<double> row = q.AsSpan((r * d) + d - k, k);
                    kernels.Reflect(row, v, factor[k], sign[k]);
                }
            }

            for (int r = first; r < first + count; r++)
            {
                q[(r * d) + d - 1] *= lastSign;
            }
        });

        Array.Clear(vectors);
        return q;
    }
}
