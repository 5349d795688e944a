using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VectaX.Gpu;

namespace VectaX.Cli;

/// <summary>
/// bench: a quick throughput check of this machine (the BenchmarkDotNet suites in bench/ are the reference). Every
/// rate is the median of several timed passes and is set against AES-256-GCM of the same bytes, timed in the same run.
/// </summary>
internal static class BenchCommand
{
    private const int Passes = 5;

    // 256 MB a buffer of floats.
    private const int MaxFloats = 1 << 26;

    public static Command Create(TextWriter output)
    {
        var dim = new Option<int>("--dim") { Description = "Vector dimension.", DefaultValueFactory = _ => 768 }.Within(1, VectaXKey.MaxDimension);
        var count = new Option<int>("--count") { Description = "Vectors per pass.", DefaultValueFactory = _ => 20_000 }.Within(1, MaxFloats);
        var transform = new Option<string>("--transform") { Description = "fast or dense.", DefaultValueFactory = _ => "fast" };
        var device = DeviceOption.Create();
        device.Description = "Also time batches on this device (auto, cuda, opencl, ilgpu-cpu); cpu adds nothing.";
        var command = new Command("bench", "Measure encrypt/decrypt throughput here against AES-256-GCM of the same bytes.") { dim, count, transform, device };
        command.SetAction(p =>
        {
            int d = p.GetValue(dim), n = p.GetValue(count);
            if ((long)d * n > MaxFloats)
            {
                throw new ArgumentException($"--count {n} x --dim {d} is {(long)d * n:N0} floats a buffer; give at most {MaxFloats:N0} (several buffers are held at once).");
            }

            using VectaXKey key = VectaXKey.Generate(d, VectaxCommand.ParseTransform(p.GetValue(transform)!));
            using var cipher = new VectorCipher(key);
            using IBatchCipher? gpu = p.GetValue(device) is "cpu" ? null : DeviceOption.Open(cipher, p.GetValue(device)!);
            Run(output, cipher, gpu, n);
            return 0;
        });
        return command;
    }

    private static void Run(TextWriter output, VectorCipher cipher, IBatchCipher? gpu, int n)
    {
        int d = cipher.Dimension, metaSize = EncryptedVectorFormat.Size;
        var random = new Random(1);
        float[] plain = [.. Enumerable.Range(0, n * d).Select(_ => random.NextSingle() - 0.5f)];
        float[] encrypted = new float[plain.Length], back = new float[plain.Length];
        byte[] meta = new byte[n * metaSize];
        byte[] gcmKey = RandomNumberGenerator.GetBytes(32), nonce = new byte[12], tags = new byte[n * 16];
        using var gcm = new AesGcm(gcmKey, 16);
        CryptographicOperations.ZeroMemory(gcmKey);

        // The baseline streams as encrypt does: each vector's bytes in from their own place, its ciphertext and tag out
        // to their own place (not one hot output buffer, which would leave it part of the memory traffic).
        double baseline = Rate(n, () =>
        {
            ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(plain.AsSpan());
            Span<byte> sealedBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(encrypted.AsSpan());
            int size = d * sizeof(float);
            for (int i = 0; i < n; i++)
            {
                nonce[0] = (byte)i;
                gcm.Encrypt(nonce, bytes.Slice(i * size, size), sealedBytes.Slice(i * size, size), tags.AsSpan(i * 16, 16));
            }
        });
        double encrypt1 = Rate(n, () =>
        {
            for (int i = 0; i < n; i++)
            {
                cipher.Encrypt(plain.AsSpan(i * d, d), encrypted.AsSpan(i * d, d), meta.AsSpan(i * metaSize, metaSize));
            }
        });
        double decrypt1 = Rate(n, () =>
        {
            for (int i = 0; i < n; i++)
            {
                cipher.Decrypt(encrypted.AsSpan(i * d, d), meta.AsSpan(i * metaSize, metaSize), back.AsSpan(i * d, d));
            }
        });
        double query1 = Rate(n, () =>
        {
            for (int i = 0; i < n; i++)
            {
                cipher.EncryptQuery(plain.AsSpan(i * d, d), back.AsSpan(i * d, d));
            }
        });
        double encryptOneCore = Rate(n, () => cipher.EncryptBatch(plain, encrypted, meta, maxDegreeOfParallelism: 1));
        double decryptOneCore = Rate(n, () => cipher.DecryptBatch(encrypted, meta, back, maxDegreeOfParallelism: 1));
        double encryptAll = Rate(n, () => cipher.EncryptBatch(plain, encrypted, meta));
        double decryptAll = Rate(n, () => cipher.DecryptBatch(encrypted, meta, back));

        output.WriteLine($"{cipher}, {n:N0} vectors a pass, median of {Passes} passes, {Environment.ProcessorCount} cores");
        output.WriteLine($"{"operation",-28} {"vectors/s",12} {"us/vector",10} {"time/GCM",11}");
        Row(output, "AES-256-GCM (baseline)", baseline, baseline);
        Row(output, "encrypt, 1 core", encrypt1, baseline);
        Row(output, "decrypt, 1 core", decrypt1, baseline);
        Row(output, "encrypt query, 1 core", query1, baseline);
        Row(output, "encrypt batch, 1 core", encryptOneCore, baseline);
        Row(output, "decrypt batch, 1 core", decryptOneCore, baseline);
        Row(output, $"encrypt batch, {Environment.ProcessorCount} cores", encryptAll, baseline);
        Row(output, $"decrypt batch, {Environment.ProcessorCount} cores", decryptAll, baseline);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch on {Environment.ProcessorCount} cores: encrypt {encryptAll / encryptOneCore:F2}x, decrypt {decryptAll / decryptOneCore:F2}x the 1-core batch rate"));
        if (gpu is not null)
        {
            string backend = gpu is GpuCipher device ? device.Backend.ToString() : "CpuEngine";
            Row(output, $"encrypt batch, {backend}", Rate(n, () => gpu.EncryptBatch(plain, encrypted, meta)), baseline);
            Row(output, $"decrypt batch, {backend}", Rate(n, () => gpu.DecryptBatch(encrypted, meta, back)), baseline);
            output.WriteLine($"device: {gpu.EngineName}");
        }
    }

    /// <summary>Vectors per second: the median of <see cref="Passes"/> timed passes, after warm-up passes for at least half a second (so the JIT's final code is what gets timed).</summary>
    private static double Rate(int n, Action pass)
    {
        long warm = Stopwatch.GetTimestamp();
        do
        {
            pass();
        }
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < 0.5);

        double[] seconds = new double[Passes];
        for (int i = 0; i < Passes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(seconds);
        return n / seconds[Passes / 2];
    }

    private static void Row(TextWriter output, string name, double rate, double baseline) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {rate,12:N0} {1e6 / rate,10:F2} {baseline / rate,10:F2}x"));
}
