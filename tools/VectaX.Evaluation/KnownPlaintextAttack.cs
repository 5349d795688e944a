namespace VectaX.Evaluation;

/// <summary>
/// Known-plaintext attacks on c = s*Q*v + n: from n pairs (v_i, c_i), fit a map from ciphertexts back to
/// plaintexts, by ridge least squares over all linear maps, or by orthogonal Procrustes (Schönemann, "A
/// generalized solution of the orthogonal Procrustes problem", Psychometrika 1966): W = U V^T from the SVD of
/// C^T X. With no noise and d independent pairs both recover Q^T exactly; the noise is what limits them.
/// </summary>
public static class KnownPlaintextAttack
{
    /// <summary>The ridge least-squares map V minimising ||(C/s) V - X||^2 + lambda ||V||^2.</summary>
    public static DenseMatrix LeastSquares(IReadOnlyList<float[]> plaintexts, IReadOnlyList<float[]> ciphertexts, double scale)
    {
        DenseMatrix c = DenseMatrix.FromRows(ciphertexts, 1 / scale);
        DenseMatrix x = DenseMatrix.FromRows(plaintexts);
        DenseMatrix gram = c.TransposeTimes(c);
        DenseMatrix rhs = c.TransposeTimes(x);
        double trace = Enumerable.Range(0, gram.Rows).Sum(i => gram[i, i]);
        double lambda = 1e-9 * Math.Max(trace / gram.Rows, 1e-12);
        for (int i = 0; i < gram.Rows; i++)
        {
            gram[i, i] += lambda;
        }

        return Cholesky.Solve(gram, rhs);
    }

    /// <summary>The orthogonal map W minimising ||(C/s) W - X||: U V^T from the SVD of (C/s)^T X.</summary>
    public static DenseMatrix Procrustes(IReadOnlyList<float[]> plaintexts, IReadOnlyList<float[]> ciphertexts, double scale)
    {
        DenseMatrix m = DenseMatrix.FromRows(ciphertexts, 1 / scale).TransposeTimes(DenseMatrix.FromRows(plaintexts));
        (DenseMatrix u, DenseMatrix v) = JacobiSvd.Factors(m);
        var w = new DenseMatrix(m.Rows, m.Columns);
        for (int i = 0; i < m.Rows; i++)
        {
            for (int k = 0; k < m.Columns; k++)
            {
                double a = u[i, k];
                for (int j = 0; j < m.Columns; j++)
                {
                    w.Data[(i * m.Columns) + j] += a * v[j, k];
                }
            }
        }

        return w;
    }
}
