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
            float[][] vectors;
            try
            {
                vectors = await Embed(texts, progress, cancel).ConfigureAwait(false);
            }
            catch (CancelledException e)
            {
                throw new CancelledException($"{e.Message} Nothing was written to {p.GetValue(outPath)}.", e);
            }

            foreach (float[] vector in vectors)
            {
                writer.Write(vector);
            }

            writer.Commit();
            output.WriteLine($"embedded {texts.Length} texts into {TextEncoder.Dimension}-d vectors");
            return 0;
        });
        return command;
    }

    /// <summary>The texts' embeddings, with a progress bar while stderr is a terminal; cancelled, it says how many texts were done.</summary>
    public static async Task<float[][]> Embed(IReadOnlyList<string> texts, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        long done = 0;
        try
        {
            return await progress.RunAsync("embed", texts.Count, bar => Task.Run(
                () =>
                {
                    using var encoder = new TextEncoder();
                    return encoder.Encode(
                        texts,
                        new Reporter<long>(n =>
                        {
                            done = n;
                            bar.Report(n);
                        }),
                        cancellationToken);
                },
                cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new CancelledException($"cancelled after embedding {done:N0} of {texts.Count:N0} texts.", e);
        }
    }
}
