using System.Diagnostics;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Benchmarks;

/// <summary>
/// `cpu-time [d...]`: the Fast transform and cipher in both revisions against AES-256-GCM of the same 4d bytes, timed
/// by this process's CPU time rather than the wall clock, in seven interleaved rounds (medians printed). On a shared
/// machine a preempted thread stops counting CPU time, so these ratios hold where BenchmarkDotNet's wall clock drifts.
/// </summary>
internal static class CpuTimeProbe
{
    private const int Rounds = 7;

    public static void Run(string[] args)
    {
        int[] dimensions = args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [384, 768, 1536, 3072];
        Console.WriteLine("d, operation, median us (CPU time), ratio to AES-256-GCM");
        foreach (int d in dimensions)
        {
            Probe(d);
        }
    }

    private static void Probe(int d)
    {
        byte[] key = new byte[32];
        RandomNumberGenerator.Fill(key);
        KernelSet k = KernelDispatch.Default;
        OrthogonalTransform original = OrthogonalTransform.Create(TransformKind.Fast, TransformRevision.Original, key, d);
        OrthogonalTransform single = OrthogonalTransform.Create(TransformKind.Fast, TransformRevision.SingleGather, key, d);
        using VectaXKey originalKey = VectaXKey.Generate(d, revision: TransformRevision.Original);
        using VectaXKey singleKey = VectaXKey.Generate(d, revision: TransformRevision.SingleGather);
        using var originalCipher = new VectorCipher(originalKey);
        using var singleCipher = new VectorCipher(singleKey);
        bool splits = FastTransform.Splits(d);
        TransformRevision splitRevision = splits ? TransformRevision.SplitHadamard : TransformRevision.SingleGather;
        OrthogonalTransform split = OrthogonalTransform.Create(TransformKind.Fast, splitRevision, key, d);
        using VectaXKey splitKey = VectaXKey.Generate(d, revision: splitRevision);
        using var splitCipher = new VectorCipher(splitKey);
        using var gcm = new AesGcm(key, 16);
        float[] v = [.. Enumerable.Range(0, d).Select(i => MathF.Sin(i))];
        float[] y = new float[d], t = new float[d], x = new float[d], c = new float[d];
        float[] originalC = new float[d], singleC = new float[d], splitC = new float[d];
        byte[] m = new byte[EncryptedVectorFormat.Size], originalM = new byte[EncryptedVectorFormat.Size], singleM = new byte[EncryptedVectorFormat.Size], splitM = new byte[EncryptedVectorFormat.Size];
        byte[] bytes = new byte[4 * d], sealedBytes = new byte[4 * d], nonce = new byte[12], tag = new byte[16];
        byte[] iv = new byte[EncryptedVectorFormat.IvSize], scratch = new byte[CipherScratch.Bytes(d, d, decrypt: true)];
        byte[] encryptScratch = new byte[CipherScratch.Bytes(d, 0, decrypt: false)];
        byte[] keystream = new byte[BallNoise.KeystreamBytes(d)];
        float[] samples = new float[BallNoise.SampleCount(d)];
        uint[] words = new uint[BallNoise.WordCount(d)];
        using var noisePrf = new NoisePrf(singleKey);
        using var vectorTag = new VectorTag(key.AsSpan(0, VectorTag.HashKeySize), key, new byte[VectorTag.HeaderSize]);
        int block = 1 << (31 - int.LeadingZeroCount(d));
        int[] permutation = [.. Enumerable.Range(0, d).OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))];
        float[] signs = [.. Enumerable.Range(0, d).Select(_ => RandomNumberGenerator.GetInt32(2) == 0 ? -1f : 1f)];
        float[] quarterSigns = [.. signs.Select(sign => sign / 4)];
        float[] h = new float[d];
        v.CopyTo(h, 0);
        originalCipher.Encrypt(v, originalC, originalM);
        singleCipher.Encrypt(v, singleC, singleM);
        splitCipher.Encrypt(v, splitC, splitM);
        int rowBlock = splits ? ((FastTransform)split).Block : 0;
        int[] rowTable = ((FastTransform)split).Round(0).Permutation;

        List<(string Name, Action Run)> operations =
        [
            ("AES-256-GCM", () => gcm.Encrypt(nonce, bytes, sealedBytes, tag)),
            ("transform, original", () => original.Forward(v, y, t, 1, k)),
            ("transform, single gather", () => single.Forward(v, y, t, 1, k)),
            ("encrypt, original", () => originalCipher.Encrypt(v, c, m)),
            ("encrypt, single gather", () => singleCipher.Encrypt(v, c, m)),
            ("decrypt, original", () => originalCipher.Decrypt(originalC, originalM, x)),
            ("decrypt, single gather", () => singleCipher.Decrypt(singleC, singleM, x)),
            ("query, original", () => originalCipher.EncryptQuery(v, c)),
            ("query, single gather", () => singleCipher.EncryptQuery(v, c)),
            ("stage: transform, the keyed gather", () => KernelSet.GatherSigned(v, permutation, signs, y)),
            ("stage: transform, one Walsh-Hadamard block", () => k.Hadamard(h.AsSpan(0, block))),
            ("stage: transform, one sign round (sign pass, head and tail blocks)", () => SignRound(k, h, signs, block)),
            ("stage: noise (direction and its pass)", () => k.ScaleAddProduct(1f, v, samples.AsSpan(0, d), BallNoise.Direction(noisePrf, iv, d, 0.025, k, keystream, samples), c)),
            ("stage: noise keystream", () => noisePrf.Keystream(iv, keystream)),
            ("stage: noise Box-Muller", () => k.Gaussians(words, samples)),
            ("stage: tag", () => vectorTag.Compute(iv, default, c, tag)),
            ("stage: fresh IV", () => SecretRandom.Fill(iv)),
            ("stage: finiteness pass", () => k.AllFinite(v)),
            ("stage: zero the whole scratch block (before)", () => CryptographicOperations.ZeroMemory(scratch)),
            ("stage: zero a revision-1 encryption's scratch", () => CryptographicOperations.ZeroMemory(encryptScratch)),
        ];

        // Split-Hadamard (revision 2) covers multiples of 16 from 32 only.
        if (splits)
        {
            operations.InsertRange(3, [
                ("transform, split Hadamard", () => split.Forward(v, y, t, 1, k)),
            ]);
            operations.AddRange([
                ("encrypt, split Hadamard", () => splitCipher.Encrypt(v, c, m)),
                ("decrypt, split Hadamard", () => splitCipher.Decrypt(splitC, splitM, x)),
                ("query, split Hadamard", () => splitCipher.EncryptQuery(v, c)),
                ("stage: split Hadamard, the keyed row gather", () => k.GatherRows(v, rowTable, signs, y)),
                ("stage: split Hadamard, one row round (head and tail row blocks)", () => RowRound(k, h, rowBlock)),
                ("stage: split Hadamard, the group round (signs, stages 1-8, signs)", () => k.HadamardGroups(h, quarterSigns, signs)),
            ]);
        }

        // Process CPU time ticks in 10 ms steps on Linux: each measurement runs for 0.1-0.3 s.
        int reps = Math.Max(1000, 50_000_000 / d);
        var times = operations.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < operations.Count; i++)
            {
                operations[i].Run();
                times[i].Add(CpuMicroseconds(operations[i].Run, reps));
            }
        }

        double baseline = Median(times[0]);
        for (int i = 0; i < operations.Count; i++)
        {
            double median = Median(times[i]);
            Console.WriteLine($"{d}, {operations[i].Name}, {median:F3}, {median / baseline:F2}x");
        }
    }

    /// <summary>A revision-1 round after the first: signs on all of d, then the head block and the (overlapping) tail block.</summary>
    private static void SignRound(KernelSet k, float[] x, float[] signs, int block)
    {
        k.MultiplyEach(x, signs, x);
        k.Hadamard(x.AsSpan(0, block));
        if (block < x.Length)
        {
            k.Hadamard(x.AsSpan(x.Length - block));
        }
    }

    /// <summary>A revision-2 row round: the stages of stride 16 up on the head block of rows, then the tail block.</summary>
    private static void RowRound(KernelSet k, float[] x, int block)
    {
        k.HadamardRows(x.AsSpan(0, block));
        if (block < x.Length)
        {
            k.HadamardRows(x.AsSpan(x.Length - block));
        }
    }

    private static double CpuMicroseconds(Action run, int reps)
    {
        using Process process = Process.GetCurrentProcess();
        TimeSpan start = process.TotalProcessorTime;
        for (int i = 0; i < reps; i++)
        {
            run();
        }

        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMilliseconds * 1000 / reps;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
