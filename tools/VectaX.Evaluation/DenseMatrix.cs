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

    /// <summary>A copy of a Math.NET matrix.</summary>
    public static DenseMatrix From(MathNet.Numerics.LinearAlgebra.Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var m = new DenseMatrix(matrix.RowCount, matrix.ColumnCount);
        matrix.ToRowMajorArray().CopyTo(m.Data, 0);
        return m;
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
