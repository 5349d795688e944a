using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// The keystream is AES-256-CTR exactly: the FIPS 197 vector, and the AES instructions (AES-NI on x64, the
/// Arm AES instructions on arm64) against the in-box AES.
/// </summary>
public class AesCtrTests
{
    [Fact]
    public void Runs_on_the_AES_instructions_wherever_the_CPU_has_them()
    {
        using var aes = new AesCtr(new byte[32]);
        Assert.Equal(System.Runtime.Intrinsics.X86.Aes.IsSupported || System.Runtime.Intrinsics.Arm.Aes.IsSupported, aes.IsHardwareAccelerated);
        using var inBox = new AesCtr(new byte[32], forceInBox: true);
        Assert.False(inBox.IsHardwareAccelerated);
    }

    [Fact]
    public void First_block_is_the_FIPS_197_AES_256_example()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] counter = Convert.FromHexString("00112233445566778899aabbccddeeff");
        foreach (bool inBox in new[] { false, true })
        {
            using var aes = new AesCtr(key, forceInBox: inBox);
            var block = new byte[16];
            aes.Generate(counter, block);
            Assert.Equal("8ea2b7ca516745bfeafc49904b496089", Convert.ToHexStringLower(block));
        }
    }

    [Fact]
    public void Hardware_path_equals_in_box_AES_including_counter_carries()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] key = new byte[32];
            random.NextBytes(key);
            byte[] counter = new byte[16];
            random.NextBytes(counter);
            if (trial % 5 == 0)
            {
                // The low 64 bits about to wrap: the carry must reach the high half.
                counter.AsSpan(8).Fill(0xFF);
                counter[15] = 0xFB;
            }

            int blocks = random.Next(0, 40);
            byte[] expected = new byte[blocks * 16], actual = new byte[blocks * 16];
            using (var reference = new AesCtr(key, forceInBox: true))
            {
                reference.Generate(counter, expected);
            }

            using var fast = new AesCtr(key);
            fast.Generate(counter, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Counter_blocks_are_big_endian_increments()
    {
        byte[] key = new byte[32];
        byte[] counter = new byte[16];
        counter[15] = 0xFF;
        using var aes = new AesCtr(key);
        var two = new byte[32];
        aes.Generate(counter, two);

        using var ecb = System.Security.Cryptography.Aes.Create();
        ecb.Key = key;
        byte[] next = new byte[16];
        next[14] = 1;
        Assert.Equal(ecb.EncryptEcb(next, PaddingMode.None), two[16..]);
    }

    [Fact]
    public void Rejects_bad_lengths_and_use_after_dispose()
    {
        Assert.Throws<ArgumentException>(() => new AesCtr(new byte[16]));
        var aes = new AesCtr(new byte[32]);
        Assert.Throws<ArgumentException>(() => aes.Generate(new byte[16], new byte[15]));
        aes.Dispose();
        Assert.Throws<ObjectDisposedException>(() => aes.Generate(new byte[16], new byte[16]));
    }

    [Fact]
    public void The_public_key_schedule_takes_a_32_byte_key_into_60_words_and_refuses_any_other_length()
    {
        foreach (int bytes in new[] { 0, 16, 24, 31, 33, 48, 64 })
        {
            Assert.Throws<ArgumentException>(() => AesKeySchedule.Expand<IdentitySubWord>(new byte[bytes], new uint[AesKeySchedule.Words]));
        }

        Assert.Throws<ArgumentException>(() => AesKeySchedule.Expand<IdentitySubWord>(new byte[32], new uint[AesKeySchedule.Words - 1]));
        Assert.Throws<ArgumentException>(() => AesKeySchedule.Expand<IdentitySubWord>(new byte[32], new uint[AesKeySchedule.Words + 1]));

        // The first eight words are the key's bytes, little-endian.
        byte[] key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        uint[] w = new uint[AesKeySchedule.Words];
        AesKeySchedule.Expand<IdentitySubWord>(key, w);
        Assert.Equal(0x04030201u, w[0]);
        Assert.Equal(0x201F1E1Du, w[7]);
    }

    /// <summary>A SubWord that changes nothing: enough to reach the schedule's length checks.</summary>
    private readonly struct IdentitySubWord : IAesSubWord
    {
        public static uint SubWord(uint word) => word;
    }
}
