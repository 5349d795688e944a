namespace VectaX.Evaluation;

/// <summary>Solves A X = B for symmetric positive definite A by the Cholesky factorisation A = L L^T.</summary>
public static class Cholesky
{
    /// <summary>X with A X = B.</summary>
    public static DenseMatrix Solve(DenseMatrix a, DenseMatrix b)
    {
        int n = a.Rows;
        var l = new DenseMatrix(n, n);
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j, j];
            for (int k = 0; k < j; k++)
            {
                diagonal -= l[j, k] * l[j, k];
            }

            if (diagonal <= 0)
            {
                throw new InvalidOperationException("The matrix is not positive definite.");
            }

            l[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                l[i, j] = sum / l[j, j];
            }
        }

        var x = new DenseMatrix(n, b.Columns);
        var y = new double[n];
        for (int c = 0; c < b.Columns; c++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = b[i, c];
                for (int k = 0; k < i; k++)
                {
                    sum -= l[i, k] * y[k];
                }

                y[i] = sum / l[i, i];
            }

            for (int i = n - 1; i >= 0; i--)
            {
                double sum = y[i];
                for (int k = i + 1; k < n; k++)
                {
                    sum -= l[k, i] * x[k, c];
                }

                x[i, c] = sum / l[i, i];
            }
        }

        return x;
    }
}
