using System.Buffers.Binary;
using System.Text.Json.Nodes;
using VectaX.Tests.Cli;
using VectaX.Tests.Rbac;

namespace VectaX.Tests.Files;

/// <summary>
/// The tool's input files, damaged: .npy and .fvecs with their length and shape fields set to bounds, truncated or
/// extended, and metadata rows with each field replaced by values of the wrong kind. Each must read or be a
/// <see cref="MalformedDataException"/>; no other exception may escape to the user.
/// </summary>
public sealed class InputFileFuzzTests : TempFolderTest
{
    [Theory]
    [InlineData(".npy")]
    [InlineData(".fvecs")]
    public void A_damaged_vector_file_reads_or_is_malformed(string extension)
    {
        string good = Path("good" + extension);
        float[][] rows = [.. Enumerable.Range(0, 3).Select(i => TestData.Gaussian(new Random(i), 5))];
        VectorFile.Write(good, rows);
        byte[] original = File.ReadAllBytes(good);
        var random = new Random(extension.Length);
        var damaged = new List<byte[]>();
        for (int at = 0; at + 4 <= original.Length; at++)
        {
            foreach (uint value in new uint[] { 0, 1, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(at)) + 1 })
            {
                byte[] b = (byte[])original.Clone();
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), value);
                damaged.Add(b);
            }
        }

        for (int i = 0; i < 600; i++)
        {
            damaged.Add((i % 3) switch
            {
                0 => Mutations.Overwrite(random, original),
                1 => original[..random.Next(original.Length)],
                _ => [.. original, .. Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))],
            });
        }

        int malformed = 0;
        foreach (byte[] bytes in damaged)
        {
            string path = Path("fuzz" + extension);
            File.WriteAllBytes(path, bytes);
            try
            {
                float[][] read = VectorFile.Read(path);
                Assert.All(read, r => Assert.Equal(read[0].Length, r.Length));
            }
            catch (MalformedDataException)
            {
                malformed++;
            }
        }

        Assert.True(malformed > damaged.Count / 10, $"{malformed} of {damaged.Count} refused");
    }

    [Fact]
    public void A_metadata_row_with_any_field_of_the_wrong_kind_is_malformed()
    {
        string meta = Path("m.jsonl");
        using (var writer = new MetadataFile.Writer(meta))
        {
            writer.Write(new byte[EncryptedVectorFormat.Size]);
            writer.Commit();
        }

        JsonObject row = JsonNode.Parse(File.ReadAllLines(meta)[0])!.AsObject();
        JsonNode?[] values = [null, "", "x", -1, 256, 4294967296L, 1.5, true, new JsonArray(), new JsonObject(), Convert.ToBase64String(new byte[15]), Convert.ToBase64String(new byte[17]), "!!"];
        foreach (string field in row.Select(f => f.Key).ToList())
        {
            foreach (JsonNode? value in values)
            {
                JsonObject copy = row.DeepClone().AsObject();
                copy[field] = value?.DeepClone();
                Malformed(copy.ToJsonString());
            }

            JsonObject without = row.DeepClone().AsObject();
            without.Remove(field);
            if (field is "iv" or "tag")
            {
                Malformed(without.ToJsonString());
            }
        }

        Malformed("not json");
        Malformed("null");
        Malformed("[]");

        void Malformed(string line)
        {
            File.WriteAllText(meta, line + "\n");
            using var reader = new MetadataFile.Reader(meta, 1);
            Exception? e = Record.Exception(() => reader.Read(new byte[EncryptedVectorFormat.Size]));
            if (e is not null)
            {
                Assert.True(e is MalformedDataException, $"{line}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
