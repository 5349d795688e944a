namespace VectaX.Tests;

/// <summary>The process generator for IVs and nonces changes its key from the OS as it goes.</summary>
public class RandomnessTests
{
    [Fact]
    public void The_IV_generator_reseeds_after_its_interval()
    {
        long before = SecretRandom.Generation;
        byte[] block = new byte[1 << 20];
        for (long served = 0; served <= SecretRandom.ReseedBlocks * 16; served += block.Length)
        {
            SecretRandom.Fill(block);
        }

        Assert.True(SecretRandom.Generation > before, "no reseed after a whole interval of output");
    }

    [Fact]
    public void Odd_lengths_are_filled_to_the_last_byte_and_never_repeat()
    {
        var seen = new HashSet<string>();
        for (int length = 1; length <= 70; length++)
        {
            byte[] a = new byte[length];
            SecretRandom.Fill(a);
            Assert.True(seen.Add(Convert.ToHexString(a)));
            if (length >= 16)
            {
                Assert.NotEqual(new byte[16], a[^16..]);
            }
        }
    }
}
