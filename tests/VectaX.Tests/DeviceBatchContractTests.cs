namespace VectaX.Tests;

/// <summary>
/// The batch rules <see cref="DeviceBatchCipher"/> keeps whatever device derives from it: a device that hands a row
/// back twice, or returns without one, fails the batch whole and no row goes out untagged.
/// </summary>
public class DeviceBatchContractTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 3)]
    [InlineData(2, 1)]
    public void A_device_that_skips_or_repeats_rows_fails_the_batch_and_leaves_no_output(int skipped, int repeated)
    {
        const int rows = 5, d = 12;
        using VectaXKey key = TestData.Key(d, TransformKind.Fast);
        using var cpu = new VectorCipher(key);
        float[] x = TestData.Gaussian(new Random(119), rows * d);
        float[] c = new float[x.Length];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];

        // Skips `skipped` rows at the end, then hands back the first `repeated` rows a second time.
        using var device = new CarelessDevice(cpu, skipped, skipped == 0 ? repeated : 0);
        Assert.Throws<InvalidOperationException>(() => device.EncryptBatch(x, c, m));
        Assert.All(c, v => Assert.Equal(0f, v));
        Assert.All(m, b => Assert.Equal(0, b));

        // The same device handing back every row once: every row carries its tag.
        using var careful = new CarelessDevice(cpu, 0, 0);
        careful.EncryptBatch(x, c, m);
        for (int r = 0; r < rows; r++)
        {
            Assert.True(cpu.Verify(c.AsSpan(r * d, d), m.AsSpan(r * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size)), $"row {r}");
        }
    }

    [Fact]
    public void A_device_that_follows_only_the_plans_round_tables_refuses_a_split_hadamard_key_instead_of_sealing_another_map()
    {
        // A device written to the plan's round tables (gather, sign, Hadamard blocks in every round) computes revisions 0
        // and 1 exactly: its ciphertexts decrypt on the CPU.
        const int rows = 3, d = 48;
        float[] x = TestData.Gaussian(new Random(120), rows * d), c = new float[x.Length], back = new float[x.Length];
        byte[] m = new byte[rows * EncryptedVectorFormat.Size];
        foreach (TransformRevision known in new[] { TransformRevision.Original, TransformRevision.SingleGather })
        {
            using VectaXKey key = TestData.Key(d, TransformKind.Fast, revision: known);
            using var cpu = new VectorCipher(key);
            using var device = new RoundTableDevice(cpu);
            device.EncryptBatch(x, c, m);
            cpu.DecryptBatch(c, m, back);
            Assert.True(TestData.Distance(back, x) < 0.1, $"{known}: {TestData.Distance(back, x)}");
        }

        // For revision 2 the tables alone do not say the map: the same device would seal rows under another orthogonal
        // map, which the CPU tags and authenticates but decrypts to other vectors. It is refused before it runs.
        using VectaXKey split = TestData.Key(d, TransformKind.Fast, revision: TransformRevision.SplitHadamard);
        using var splitCpu = new VectorCipher(split);
        Assert.Throws<NotSupportedException>(() => new RoundTableDevice(splitCpu));
    }

    /// <summary>
    /// A device that computes s*Q*v from the plan's round tables as revisions 0 and 1 define them, on the CPU and without
    /// noise (enough for its rows to decrypt within the noise bound), and does not override <c>Computes</c>.
    /// </summary>
    private sealed class RoundTableDevice : DeviceBatchCipher
    {
        private readonly int[] _permutations;
        private readonly float[] _signs;
        private readonly int _block;
        private readonly float _normaliser, _scale;

        public RoundTableDevice(VectorCipher cipher)
            : base(cipher, ownsCipher: false)
        {
            using DevicePlan plan = CreatePlan();
            (_permutations, _signs, _block, _normaliser, _scale) = (plan.ForwardPermutations.ToArray(), plan.ForwardSigns.ToArray(), plan.HadamardBlock, plan.HadamardNormaliser, plan.Scale);
        }

        public override string EngineName => "round-table device";

        protected override void RunEncrypt(ReadOnlyMemory<float> plaintexts, ReadOnlyMemory<byte> ivs, Action<int, int, ReadOnlyMemory<float>> sealRows)
        {
            int d = Dimension, rows = plaintexts.Length / d;
            float[] results = new float[plaintexts.Length];
            for (int row = 0; row < rows; row++)
            {
                float[] v = plaintexts.Slice(row * d, d).ToArray();
                for (int r = 0; r < FastTransform.Rounds; r++)
                {
                    v = [.. Enumerable.Range(0, d).Select(i => _signs[(r * d) + i] * v[_permutations[(r * d) + i]])];
                    Hadamard(v.AsSpan(0, _block));
                    if (_block < d)
                    {
                        Hadamard(v.AsSpan(d - _block));
                    }
                }

                for (int i = 0; i < d; i++)
                {
                    results[(row * d) + i] = _scale * v[i];
                }
            }

            sealRows(0, rows, results);
        }

        protected override void RunDecrypt(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> ivs, Memory<float> plaintexts) =>
            throw new NotSupportedException();

        private void Hadamard(Span<float> block)
        {
            for (int h = 1; h < block.Length; h *= 2)
            {
                for (int i = 0; i < block.Length; i += 2 * h)
                {
                    for (int j = i; j < i + h; j++)
                    {
                        (block[j], block[j + h]) = (block[j] + block[j + h], block[j] - block[j + h]);
                    }
                }
            }

            for (int i = 0; i < block.Length; i++)
            {
                block[i] *= _normaliser;
            }
        }
    }

    /// <summary>A device whose results are any finite floats, handing back fewer rows or some rows twice.</summary>
    private sealed class CarelessDevice(VectorCipher cipher, int skipped, int repeated) : DeviceBatchCipher(cipher, ownsCipher: false)
    {
        public override string EngineName => "careless device";

        protected override void RunEncrypt(ReadOnlyMemory<float> plaintexts, ReadOnlyMemory<byte> ivs, Action<int, int, ReadOnlyMemory<float>> sealRows)
        {
            int rows = plaintexts.Length / Dimension;
            sealRows(0, rows - skipped, plaintexts[..((rows - skipped) * Dimension)]);
            if (repeated > 0)
            {
                sealRows(0, repeated, plaintexts[..(repeated * Dimension)]);
            }
        }

        protected override void RunDecrypt(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> ivs, Memory<float> plaintexts) =>
            ciphertexts.CopyTo(plaintexts);
    }
}
