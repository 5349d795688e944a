using System.CommandLine;

namespace VectaX.Cli;

/// <summary>embed: texts to all-MiniLM-L6-v2 vectors, offline.</summary>
internal static class EmbedCommand
{
    public static Command Create(TextWriter output, ProgressDisplay progress)
    {
        var input = FileOption.Create<string>("--in", FileUse.Read, "Texts: .txt (one a line) or .jsonl (objects with a \"text\" string).", required: true);
        var outPath = FileOption.Create<string>("--out", FileUse.Write, "Vectors to write (.npy, .fvecs, .jsonl), unit length, 384-d.", required: true);
        var command = new Command("embed", "Embed texts with all-MiniLM-L6-v2 (bundled, offline).") { input, outPath };
        command.SetAction(async (p, cancel) =>
        {
            string[] texts = TextFile.Read(p.GetValue(input)!, "--in");
            using VectorWriter writer = VectorWriter.Create(p.GetValue(outPath)!, texts.Length, TextEncoder.Dimension); // a bad name fails before the model runs
            foreach (float[] vector in await Embed(texts, progress, cancel).ConfigureAwait(false))
            {
                writer.Write(vector);
            }

            writer.Commit();
            output.WriteLine($"embedded {texts.Length} texts into {TextEncoder.Dimension}-d vectors");
            return 0;
        });
        return command;
    }

    /// <summary>The texts' embeddings, with a progress bar while stderr is a terminal.</summary>
    public static Task<float[][]> Embed(IReadOnlyList<string> texts, ProgressDisplay progress, CancellationToken cancellationToken) =>
        progress.RunAsync("embed", texts.Count, bar => Task.Run(
            () =>
            {
                using var encoder = new TextEncoder();
                return encoder.Encode(texts, bar, cancellationToken);
            },
            cancellationToken));
}
