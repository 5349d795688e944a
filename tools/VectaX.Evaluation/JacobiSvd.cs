namespace VectaX.Evaluation;

/// <summary>
/// The singular value decomposition A = U S V^T of a square matrix by one-sided Jacobi rotations (Hestenes 1958):
/// columns of A V are orthogonalised pairwise until every pair is orthogonal to working precision.
/// </summary>
public static class JacobiSvd
{
    /// <summary>U and V (columns in matching order); columns of U for zero singular values are zero.</summary>
    public static (DenseMatrix U, DenseMatrix V) Factors(DenseMatrix a, int maxSweeps = 60)
    {
        int n = a.Columns, m = a.Rows;
        // Work on columns: w[j] is column j of A V.
        var w = new double[n][];
        var v = new double[n][];
        for (int j = 0; j < n; j++)
        {
            w[j] = new double[m];
            for (int i = 0; i < m; i++)
            {
                w[j][i] = a[i, j];
            }

            v[j] = new double[n];
            v[j][j] = 1;
        }

        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = Dot(w[p], w[p]), beta = Dot(w[q], w[q]), gamma = Dot(w[p], w[q]);
                    if (Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta) || gamma == 0)
                    {
                        continue;
                    }

                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    double c = 1 / Math.Sqrt(1 + (t * t)), s = c * t;
                    Rotate(w[p], w[q], c, s);
                    Rotate(v[p], v[q], c, s);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        var u = new DenseMatrix(m, n);
        var vm = new DenseMatrix(n, n);
        for (int j = 0; j < n; j++)
        {
            double sigma = Math.Sqrt(Dot(w[j], w[j]));
            for (int i = 0; i < m; i++)
            {
                u[i, j] = sigma > 1e-300 ? w[j][i] / sigma : 0;
            }

            for (int i = 0; i < n; i++)
            {
                vm[i, j] = v[j][i];
            }
        }

        return (u, vm);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void Rotate(double[] a, double[] b, double c, double s)
    {
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i], y = b[i];
            a[i] = (c * x) - (s * y);
            b[i] = (s * x) + (c * y);
        }
    }
}
