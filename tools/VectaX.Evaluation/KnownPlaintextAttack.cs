using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace VectaX.Evaluation;

/// <summary>
/// Known-plaintext attacks on c = s*Q*v + n: from n pairs (v_i, c_i), fit a map from ciphertexts back to
/// plaintexts, by ridge least squares over all linear maps, or by orthogonal Procrustes (Schönemann, "A
/// generalized solution of the orthogonal Procrustes problem", Psychometrika 1966): W = U V^T from the SVD of
/// C^T X. With no noise and d independent pairs both recover Q^T exactly; the noise is what limits them.
/// </summary>
public static class KnownPlaintextAttack
{
    /// <summary>The ridge least-squares map V minimising ||(C/s) V - X||^2 + lambda ||V||^2, by Cholesky.</summary>
    public static DenseMatrix LeastSquares(IReadOnlyList<float[]> plaintexts, IReadOnlyList<float[]> ciphertexts, double scale)
    {
        Matrix<double> c = Rows(ciphertexts, 1 / scale);
        Matrix<double> gram = c.TransposeThisAndMultiply(c);
        double lambda = 1e-9 * Math.Max(gram.Trace() / gram.RowCount, 1e-12);
        Matrix<double> ridge = gram + (Matrix<double>.Build.DenseIdentity(gram.RowCount) * lambda);
        return DenseMatrix.From(ridge.Cholesky().Solve(c.TransposeThisAndMultiply(Rows(plaintexts, 1))));
    }

    /// <summary>The orthogonal map W minimising ||(C/s) W - X||: U V^T from the SVD of (C/s)^T X.</summary>
    public static DenseMatrix Procrustes(IReadOnlyList<float[]> plaintexts, IReadOnlyList<float[]> ciphertexts, double scale)
    {
        Svd<double> svd = Rows(ciphertexts, 1 / scale).TransposeThisAndMultiply(Rows(plaintexts, 1)).Svd(computeVectors: true);
        return DenseMatrix.From(svd.U * svd.VT);
    }

    private static Matrix<double> Rows(IReadOnlyList<float[]> rows, double scale) =>
        Matrix<double>.Build.Dense(rows.Count, rows[0].Length, (r, c) => rows[r][c] * scale);
}
