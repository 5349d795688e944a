namespace VectaX.Evaluation;

/// <summary>A small row-major double matrix with the few operations the attacks need.</summary>
public sealed class DenseMatrix
{
    /// <summary>A zero matrix.</summary>
    public DenseMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        Data = new double[rows * columns];
    }

    /// <summary>Row count.</summary>
    public int Rows { get; }

    /// <summary>Column count.</summary>
    public int Columns { get; }

    /// <summary>The entries, row-major.</summary>
    public double[] Data { get; }

    /// <summary>Entry (r, c).</summary>
    public double this[int r, int c]
    {
        get => Data[(r * Columns) + c];
        set => Data[(r * Columns) + c] = value;
    }

    /// <summary>Rows of float vectors as a matrix.</summary>
    public static DenseMatrix FromRows(IReadOnlyList<float[]> rows, double scale = 1)
    {
        var m = new DenseMatrix(rows.Count, rows[0].Length);
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < m.Columns; c++)
            {
                m[r, c] = rows[r][c] * scale;
            }
        }

        return m;
    }

    /// <summary>this^T * other.</summary>
    public DenseMatrix TransposeTimes(DenseMatrix other)
    {
        var result = new DenseMatrix(Columns, other.Columns);
        for (int k = 0; k < Rows; k++)
        {
            for (int i = 0; i < Columns; i++)
            {
                double a = this[k, i];
                if (a == 0)
                {
                    continue;
                }

                for (int j = 0; j < other.Columns; j++)
                {
                    result.Data[(i * result.Columns) + j] += a * other.Data[(k * other.Columns) + j];
                }
            }
        }

        return result;
    }

    /// <summary>The row vector x times this matrix.</summary>
    public float[] LeftMultiply(float[] x, double scale = 1)
    {
        var y = new double[Columns];
        for (int k = 0; k < Rows; k++)
        {
            double a = x[k] * scale;
            for (int j = 0; j < Columns; j++)
            {
                y[j] += a * this[k, j];
            }
        }

        return y.Select(v => (float)v).ToArray();
    }
}
