using System.CommandLine;

namespace VectaX.Cli;

/// <summary>
/// encrypt and decrypt: files stream through in chunks (bounded memory, files of any size), on every core or a
/// GPU (--device), with a progress bar; outputs appear only once complete, and errors name the first bad row of the file.
/// </summary>
internal static class CipherCommands
{
    // About 32 MB of floats a chunk buffer.
    private const int ChunkFloats = 8 << 20;

    public static Command Encrypt(TextWriter output, ProgressDisplay progress)
    {
        var key = FileOption.Create<string>("--key", FileUse.Read, "Key file.", required: true);
        var input = FileOption.Create<string>("--in", FileUse.Read, "Vectors (.npy, .fvecs, .jsonl).", required: true);
        var outPath = FileOption.Create<string>("--out", FileUse.Write, "Ciphertexts (.npy, .fvecs, .jsonl).", required: true);
        var meta = FileOption.Create<string>("--meta", FileUse.Write, "Metadata JSONL to write.", required: true);
        var device = DeviceOption.Create();
        var command = new Command("encrypt", "Encrypt a file of vectors.") { key, input, outPath, meta, device };
        command.SetAction(async (p, cancel) =>
        {
            using VectaXKey k = OptionValue.Key("--key", p.GetValue(key)!);
            using var single = new VectorCipher(k);
            using IBatchCipher cipher = DeviceOption.Open(single, p.GetValue(device)!);
            using VectorReader vectors = VectorReader.Open(p.GetValue(input)!, cipher.Dimension, "--in");
            using VectorWriter ciphertexts = VectorWriter.Create(p.GetValue(outPath)!, vectors.Rows, cipher.Dimension);
            using var metadata = new MetadataFile.Writer(p.GetValue(meta)!);
            long done = await Stream(
                vectors,
                cipher.Dimension,
                progress,
                "encrypt",
                readMetadata: null,
                (x, c, m) => cipher.EncryptBatch(x, c, m),
                (x, c, m) => single.Encrypt(x.Span, c.Span, m.Span),
                (c, m) =>
                {
                    ciphertexts.Write(c.Span);
                    metadata.Write(m.Span);
                },
                cancel).ConfigureAwait(false);
            ciphertexts.Commit();
            metadata.Commit();
            output.WriteLine($"encrypted {done} vectors of dimension {cipher.Dimension} on {cipher.EngineName}");
            return 0;
        });
        return command;
    }

    public static Command Decrypt(TextWriter output, ProgressDisplay progress)
    {
        var key = FileOption.Create<string>("--key", FileUse.Read, "Key file.", required: true);
        var input = FileOption.Create<string>("--in", FileUse.Read, "Ciphertexts (.npy, .fvecs, .jsonl).", required: true);
        var meta = FileOption.Create<string>("--meta", FileUse.Read, "Metadata JSONL from encrypt.", required: true);
        var outPath = FileOption.Create<string>("--out", FileUse.Write, "Vectors to write (.npy, .fvecs, .jsonl).", required: true);
        var device = DeviceOption.Create();
        var command = new Command("decrypt", "Check and decrypt a file of ciphertexts; fails on the first tampered row, writing nothing.") { key, input, meta, outPath, device };
        command.SetAction(async (p, cancel) =>
        {
            using VectaXKey k = OptionValue.Key("--key", p.GetValue(key)!);
            using var single = new VectorCipher(k);
            using IBatchCipher cipher = DeviceOption.Open(single, p.GetValue(device)!);
            using VectorReader ciphertexts = VectorReader.Open(p.GetValue(input)!, cipher.Dimension, "--in");
            using var metadata = new MetadataFile.Reader(p.GetValue(meta)!, ciphertexts.Rows);
            using VectorWriter vectors = VectorWriter.Create(p.GetValue(outPath)!, ciphertexts.Rows, cipher.Dimension);
            long done = await Stream(
                ciphertexts,
                cipher.Dimension,
                progress,
                "decrypt",
                m => metadata.Read(m.Span),
                (c, x, m) => cipher.DecryptBatch(c, m, x),
                (c, x, m) => single.Decrypt(c.Span, m.Span, x.Span),
                (x, _) => vectors.Write(x.Span),
                cancel).ConfigureAwait(false);
            vectors.Commit();
            output.WriteLine($"decrypted {done} vectors of dimension {cipher.Dimension} on {cipher.EngineName}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Streams the file a chunk at a time: reads its metadata (decrypt), runs <paramref name="crypt"/> (input rows,
    /// output rows, metadata) on every core or the device, then <paramref name="write"/>. When a chunk fails, its rows
    /// are redone one at a time with <paramref name="cryptRow"/>, so the error names the file's first bad row.
    /// Returns the rows done.
    /// </summary>
    private static Task<long> Stream(
        VectorReader input,
        int d,
        ProgressDisplay progress,
        string label,
        Action<Memory<byte>>? readMetadata,
        Action<ReadOnlyMemory<float>, Memory<float>, Memory<byte>> crypt,
        Action<ReadOnlyMemory<float>, Memory<float>, Memory<byte>> cryptRow,
        Action<ReadOnlyMemory<float>, ReadOnlyMemory<byte>> write,
        CancellationToken cancel) =>
        progress.RunAsync(label, input.Rows, bar => Task.Run(
            () =>
            {
                const int M = EncryptedVectorFormat.Size;
                int rows = Math.Max(1, ChunkFloats / d);
                float[] from = new float[rows * d], to = new float[rows * d];
                byte[] meta = new byte[rows * M];
                try
                {
                    for (int n; (n = input.Read(from)) > 0;)
                    {
                        cancel.ThrowIfCancellationRequested();
                        readMetadata?.Invoke(meta.AsMemory(0, n * M));
                        try
                        {
                            crypt(from.AsMemory(0, n * d), to.AsMemory(0, n * d), meta.AsMemory(0, n * M));
                        }
                        catch (VectaXException)
                        {
                            for (int r = 0; r < n; r++)
                            {
                                try
                                {
                                    cryptRow(from.AsMemory(r * d, d), to.AsMemory(r * d, d), meta.AsMemory(r * M, M));
                                }
                                catch (VectaXException e)
                                {
                                    throw new ArgumentException($"row {input.Position - n + r}: {e.Message}", e);
                                }
                            }

                            throw;
                        }

                        write(to.AsMemory(0, n * d), meta.AsMemory(0, n * M));
                        bar.Report(input.Position);
                    }
                }
                finally
                {
                    Array.Clear(to);
                }

                return input.Position;
            },
            cancel));
}
