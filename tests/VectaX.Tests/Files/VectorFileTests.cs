using VectaX.Tests.Cli;

namespace VectaX.Tests.Files;

/// <summary>The streaming readers and writers: every format, chunked reads, malformed files, no partial output.</summary>
public sealed class VectorFileTests : TempFolderTest
{
    [Theory]
    [InlineData(".npy")]
    [InlineData(".fvecs")]
    [InlineData(".jsonl")]
    public void Rows_written_in_pieces_read_back_in_other_pieces(string extension)
    {
        string path = Path("m" + extension);
        float[] data = TestData.Gaussian(new Random(220), 7 * 5);
        using (VectorWriter writer = VectorWriter.Create(path, rows: 7, dimension: 5))
        {
            writer.Write(data.AsSpan(0, 15));
            writer.Write(data.AsSpan(15));
            writer.Commit();
        }

        using VectorReader reader = VectorReader.Open(path);
        Assert.Equal((7L, 5), (reader.Rows, reader.Dimension));
        float[] back = new float[data.Length];
        Assert.Equal(2, reader.Read(back.AsSpan(0, 12))); // two whole rows fit in 12 floats
        Assert.Equal(5, reader.Read(back.AsSpan(10)));
        Assert.Equal(0, reader.Read(back));
        Assert.Equal(data, back);
    }

    [Fact]
    public void A_writer_disposed_before_commit_leaves_no_file()
    {
        string path = Path("m.npy");
        using (VectorWriter writer = VectorWriter.Create(path, rows: 3, dimension: 2))
        {
            writer.Write([1, 2]);
            Assert.Throws<InvalidOperationException>(writer.Commit); // 1 of 3 rows
        }

        Assert.Empty(Directory.GetFiles(Folder));
    }

    [Fact]
    public void Malformed_files_are_refused_with_the_file_named()
    {
        File.WriteAllBytes(Path("short.npy"), [0x93, (byte)'N', (byte)'U']);
        File.WriteAllBytes(Path("ragged.fvecs"), [2, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 3, 0, 0, 0]);
        File.WriteAllLines(Path("ragged.jsonl"), ["[1, 2]", "[1, 2, 3]"]);
        VectorFile.Write(Path("good.npy"), [[1, 2], [3, 4]]);
        byte[] truncated = File.ReadAllBytes(Path("good.npy"))[..^4];
        File.WriteAllBytes(Path("cut.npy"), truncated);

        Assert.Contains("short.npy", Assert.Throws<MalformedDataException>(() => VectorReader.Open(Path("short.npy"))).Message);
        Assert.Contains("whole number of rows", Assert.Throws<MalformedDataException>(() => VectorReader.Open(Path("ragged.fvecs"))).Message);
        Assert.Contains("line 2 has dimension 3", Assert.Throws<MalformedDataException>(() => VectorFile.Read(Path("ragged.jsonl"))).Message);
        Assert.Contains("matches its shape", Assert.Throws<MalformedDataException>(() => VectorReader.Open(Path("cut.npy"))).Message);
    }

    [Fact]
    public void Files_larger_than_a_chunk_stream_through_and_errors_name_rows_in_later_chunks()
    {
        // 132 rows of 65,536 floats span two chunks of the encrypt/decrypt loop (128 rows, 32 MB, each).
        const int d = 65_536, rows = 132;
        string key = Path("k.key"), vectors = Path("v.npy"), cipher = Path("c.npy"), meta = Path("m.jsonl");
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out _, "keygen", "--dim", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", key));
        VectorFile.Write(vectors, [.. Enumerable.Range(0, rows).Select(i => TestData.Gaussian(new Random(230 + i), d))]);
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out _, "encrypt", "--key", key, "--in", vectors, "--out", cipher, "--meta", meta));
        Assert.Equal(0, VectaX.Tests.Cli.Cli.Run(out _, out _, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("b.npy")));
        float[][] original = VectorFile.Read(vectors), back = VectorFile.Read(Path("b.npy"));
        Assert.True(TestData.Distance(original[rows - 1], back[rows - 1]) < 1e-3);

        float[][] c = VectorFile.Read(cipher);
        c[131][5] += 0.01f;
        c[129][0] += 0.01f; // two bad rows in the second chunk: the first is named
        VectorFile.Write(cipher, c);
        Assert.Equal(1, VectaX.Tests.Cli.Cli.Run(out _, out string error, "decrypt", "--key", key, "--in", cipher, "--meta", meta, "--out", Path("t.npy")));
        Assert.StartsWith("vectax: row 129:", error);
        Assert.False(File.Exists(Path("t.npy")));
    }
}
