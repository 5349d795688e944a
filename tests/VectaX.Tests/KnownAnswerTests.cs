using System.Runtime.InteropServices;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// Fixed key, IV, binding and vector against checked-in ciphertext bytes, so any change to the format, key
/// schedule, transform, noise counter, noise or tag shows up here. Every kernel width this CPU runs must write
/// exactly these bytes and read them back, on x64 and on arm64 alike (the arm64 run is in .ci/run): a ciphertext
/// made on one CPU is the same bytes as on any other. Regenerate only for a deliberate format version change; a new
/// transform revision gets answers of its own, computed once when it was added (split-Hadamard at d = 48, as it needs
/// a multiple of 16), and leaves the others as they are.
/// </summary>
public class KnownAnswerTests
{
    public static TheoryData<TransformKind, TransformRevision, KernelWidth> KindsAndWidths()
    {
        var data = new TheoryData<TransformKind, TransformRevision, KernelWidth>();
        foreach ((TransformKind kind, TransformRevision revision) in new[] { (TransformKind.Fast, TransformRevision.Original), (TransformKind.Fast, TransformRevision.SingleGather), (TransformKind.Fast, TransformRevision.SplitHadamard), (TransformKind.Dense, TransformRevision.Original) })
        {
            foreach (KernelWidth width in Enum.GetValues<KernelWidth>())
            {
                data.Add(kind, revision, width);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(KindsAndWidths))]
    public void Every_width_writes_the_checked_in_bytes(TransformKind kind, TransformRevision revision, KernelWidth width)
    {
        KernelSet kernels = TestData.Require(width);
        (string ciphertext, string metadata) = KnownAnswers.Expected(kind, revision);
        (string c, string m) = KnownAnswers.Compute(kind, revision, kernels);
        Assert.Equal(ciphertext, c);
        Assert.Equal(metadata, m);
    }

    [SkippableTheory]
    [MemberData(nameof(KindsAndWidths))]
    public void Every_width_reads_the_checked_in_bytes_to_the_same_bits(TransformKind kind, TransformRevision revision, KernelWidth width)
    {
        KernelSet kernels = TestData.Require(width);
        float[] scalar = KnownAnswers.DecryptExpected(kind, revision, KernelSet.Get(KernelWidth.Scalar));
        float[] back = KnownAnswers.DecryptExpected(kind, revision, kernels);
        Assert.Equal(scalar, back);
        float[] plaintext = KnownAnswers.Plaintext(KnownAnswers.Dimension(revision));
        Assert.All(Enumerable.Range(0, plaintext.Length), i => Assert.Equal(plaintext[i], back[i], 1e-5f));
    }
}

/// <summary>The checked-in answers and the computation they pin.</summary>
internal static class KnownAnswers
{
    public const string FastCiphertext =
        "f8eef63f8b24bc3f8ac31c3f3c3ed3bf36779fbebf4df3bf548be2be6bb71b3e51d5a4bf5ec40a3f0777943e6d18a8bf4e4960bfffcd04c0aefe8abe59e9f6beac39653f354f0740575683bfda39003f";
    public const string FastMetadata = "0304030201a0a1a2a3a4a5a6a7a8a9aaabacadaeaf23e793ecd0238f1e79483a708bd57cc5";
    public const string FastSingleGatherCiphertext =
        "3a5d5bbe3fbb8e3f04d3c8bf9ccb4dbfe799bcbe794ff03f564019bffa23a4bfcd5d3fbee48cfebff0deaebf92d318c006068e3f8c69e83ec51ade3e32d55e3f7079af3efbf22a3fb0f5f33f751859bf";
    public const string FastSingleGatherMetadata = "0304030201a0a1a2a3a4a5a6a7a8a9aaabacadaeaf51d6093d8a6c9362f71100eb1ea306aa";
    public const string FastSplitHadamardCiphertext =
        "ca30e23ee2ef883fafba4cbf8b8a6c4090ba8cbfec9011400717303f93b66cc077a14e40002d89c095cb90c00b4d1640a87d4240dfbc9dc06df9f5bf729757404d7211c02d194fc040a795c07c19f0bfda1247c07aa389bf461142405c0c3cc0" +
        "bb642b40f5dfbe3f20bd404063e64bc038da85bf8c28523f614f43409e0619bf8f2bae40f87ee53e99ef10c08ff004409d7802c0dd90f0bf279ea93fe86f6dbfdbec2ebfb4afb2c0bbacafbe2250b6c053e9bbbefe26b1bfd1dddb3f4f3f64c0";
    public const string FastSplitHadamardMetadata = "0304030201a0a1a2a3a4a5a6a7a8a9aaabacadaeaf98409ba2a83fefe09f08423851e57963";
    public const string DenseCiphertext =
        "2b2f9fbfc16dfbbee6aeed3e2d9819bf24ffcf3f82841c3e18f7e43fcaaca83fe484343f0027ffbf1e0a63be46de9b3fd03302409264ca3f57ea313f81ad67bf228ec1bfb3a0c63ea634c1bfc40f10be";
    public const string DenseMetadata = "0304030201a0a1a2a3a4a5a6a7a8a9aaabacadaeaf21030760a0b3ecceeb7c273167a8d783";

    /// <summary>The checked-in ciphertext and metadata for <paramref name="kind"/> and <paramref name="revision"/>, as lowercase hex.</summary>
    public static (string Ciphertext, string Metadata) Expected(TransformKind kind, TransformRevision revision) => (kind, revision) switch
    {
        (TransformKind.Fast, TransformRevision.Original) => (FastCiphertext, FastMetadata),
        (TransformKind.Fast, TransformRevision.SingleGather) => (FastSingleGatherCiphertext, FastSingleGatherMetadata),
        (TransformKind.Fast, TransformRevision.SplitHadamard) => (FastSplitHadamardCiphertext, FastSplitHadamardMetadata),
        (TransformKind.Dense, TransformRevision.Original) => (DenseCiphertext, DenseMetadata),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static float[] Plaintext(int dimension = 20) => Enumerable.Range(1, dimension).Select(i => i / 20f).ToArray();

    /// <summary>20, or 48 for SplitHadamard, which needs a multiple of 16 (48 has a head and a tail block of rows).</summary>
    public static int Dimension(TransformRevision revision) => revision == TransformRevision.SplitHadamard ? 48 : 20;

    public static (string Ciphertext, string Metadata) Compute(TransformKind kind, TransformRevision revision, KernelSet kernels)
    {
        using VectaXKey key = Key(kind, revision);
        using var cipher = new VectorCipher(key, kernels);
        byte[] iv = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        int d = Dimension(revision);
        float[] c = new float[d];
        byte[] m = new byte[EncryptedVectorFormat.Size];
        cipher.Encrypt(Plaintext(d), iv, c, m, Binding());
        return (Convert.ToHexStringLower(MemoryMarshal.AsBytes(c.AsSpan())), Convert.ToHexStringLower(m));
    }

    /// <summary>The checked-in bytes decrypted with <paramref name="kernels"/>.</summary>
    public static float[] DecryptExpected(TransformKind kind, TransformRevision revision, KernelSet kernels)
    {
        using VectaXKey key = Key(kind, revision);
        using var cipher = new VectorCipher(key, kernels);
        (string c, string m) = Expected(kind, revision);
        float[] ciphertext = MemoryMarshal.Cast<byte, float>(Convert.FromHexString(c)).ToArray();
        return cipher.Decrypt(new EncryptedVector(ciphertext, Convert.FromHexString(m)), Binding());
    }

    private static byte[] Binding() => new RecordBinding("kat", 5, 9).ToBytes();

    private static VectaXKey Key(TransformKind kind, TransformRevision revision)
    {
        byte[] secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        return VectaXKey.FromSecret(secret, keyId: 0x01020304, dimension: Dimension(revision), kind, beta: 0.25f, scale: 2f, revision: revision);
    }
}
