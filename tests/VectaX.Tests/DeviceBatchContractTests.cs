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
