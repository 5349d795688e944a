namespace VectaX.Files;

/// <summary>Whole small matrices in one call, for queries and tests; large files stream through <see cref="VectorReader"/> and <see cref="VectorWriter"/>.</summary>
public static class VectorFile
{
    /// <summary>Every row of the file, each a new array.</summary>
    public static float[][] Read(string path)
    {
        using VectorReader reader = VectorReader.Open(path);
        float[] flat = new float[checked(reader.Rows * reader.Dimension)];
        reader.Read(flat);
        return [.. flat.Chunk(Math.Max(1, reader.Dimension))];
    }

    /// <summary>Writes <paramref name="rows"/>, all of one dimension, atomically in the format the extension names.</summary>
    public static void Write(string path, IReadOnlyList<float[]> rows)
    {
        int d = rows.Count == 0 ? 0 : rows[0].Length;
        using VectorWriter writer = VectorWriter.Create(path, rows.Count, d);
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != d)
            {
                throw new ArgumentException($"Row {r} has dimension {rows[r].Length}; the first row has {d}.");
            }

            writer.Write(rows[r]);
        }

        writer.Commit();
    }
}
