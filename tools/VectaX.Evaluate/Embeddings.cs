using System.Diagnostics;
using VectaX.Embeddings;

namespace VectaX.Evaluate;

/// <summary>Normalised all-MiniLM-L6-v2 embeddings of the fortunes, cached in the temp folder (embedding takes minutes here).</summary>
internal static class Embeddings
{
    public static float[][] Fortunes(int count)
    {
        string cache = Path.Combine(Path.GetTempPath(), $"vectax-fortunes-minilm-{count}.f32");
        if (File.Exists(cache))
        {
            using var reader = new BinaryReader(File.OpenRead(cache));
            int n = reader.ReadInt32(), d = reader.ReadInt32();
            return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => reader.ReadSingle()).ToArray()).ToArray();
        }

        string[] texts = Evaluate.Fortunes.Load("/usr/share/games/fortunes", count);
        Console.Error.WriteLine($"{texts.Length} fortunes; embedding with all-MiniLM-L6-v2 ...");
        var clock = Stopwatch.StartNew();
        using var encoder = new TextEncoder();
        float[][] vectors = encoder.Encode(texts);
        Console.Error.WriteLine($"embedded in {clock.Elapsed.TotalSeconds:F1} s ({texts.Length / clock.Elapsed.TotalSeconds:F0}/s), d = {vectors[0].Length}");
        using (var writer = new BinaryWriter(File.Create(cache)))
        {
            writer.Write(vectors.Length);
            writer.Write(vectors[0].Length);
            foreach (float x in vectors.SelectMany(v => v))
            {
                writer.Write(x);
            }
        }

        return vectors;
    }

}
