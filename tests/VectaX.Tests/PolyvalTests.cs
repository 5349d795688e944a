using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// POLYVAL is RFC 8452's: its published vectors on every path this CPU runs, every path against the in-box
/// AES-GCM's GHASH through the RFC's Appendix A identity, and the paths against each other over many lengths.
/// </summary>
public class PolyvalTests
{
    public static TheoryData<PolyvalPath> Paths() => new(Enum.GetValues<PolyvalPath>());

    /// <summary>
    /// RFC 8452 Appendix A (the worked example) and POLYVAL inputs and results of Appendix C.1, with the last
    /// block's trailing zero bytes left off (the test pads it back).
    /// </summary>
    public static TheoryData<PolyvalPath, string, string, string> Vectors()
    {
        (string Key, string Input, string Hash)[] vectors =
        [
            ("25629347589242761d31f826ba4b757b", "4f4f95668c83dfb6401762bb2d01a262d1a24ddd2721d006bbe45f20d3c9f362", "f7a3b47b846119fae5b7866cf5e5b77e"),
            ("d9b360279694941ac5dbc6987ada7377", "00000000000000000000000000000000", "00000000000000000000000000000000"),
            ("d9b360279694941ac5dbc6987ada7377", "01000000000000000000000000000000000000000000000040", "eb93b7740962c5e49d2a90a7dc5cec74"),
            ("d9b360279694941ac5dbc6987ada7377", "01000000000000000000000000000000000000000000000060", "48eb6c6c5a2dbe4a1dde508fee06361b"),
            ("d9b360279694941ac5dbc6987ada7377", "01000000000000000000000000000000000000000000000080", "20806c26e3c1de019e111255708031d6"),
            ("d9b360279694941ac5dbc6987ada7377", "010000000000000000000000000000000200000000000000000000000000000000000000000000000001", "ce6edc9a50b36d9a98986bbf6a261c3b"),
            ("0533fd71f4119257361a3ff1469dd4e5", "489c8fde2be2cf97e74e932d4ed87d00c9882e5386fd9f92ec00000000000000780000000000000048", "bf160bc9ded8c63057d2c38aae552fb4"),
            ("64779ab10ee8a280272f14cc8851b727", "0da55210cc1c1b0abde3b2f204d1e9f8b06bc47f0000000000000000000000001db2316fd568378da107b52b00000000a00000000000000060", "cc86ee22c861e1fd474c84676b42739c"),
            ("27c2959ed4daea3b1f52e849478de376", "f37de21c7ff901cfe8a69615a93fdf7a98cad481796245709f0000000000000021702de0de18baa9c9596291b0846600c80000000000000078", "c4fa5e5b713853703bcf8e6424505fa5"),
            ("670b98154076ddb59b7a9137d0dcc0f0", "9c2159058b1f0fe91433a5bdc20e214eab7fecef4454a10ef0657df21ac70000b202b370ef9768ec6561c4fe6b7e7296fa850000000000000000000000000000f00000000000000090", "4e4108f09f41d797dc9256f8da8d58c7"),
            ("cb8c3aa3f8dbaeb4b28a3e86ff6625f8", "734320ccc9d9bbbb19cb81b2af4ecbc3e72834321f7aa0f70b7282b4f33df23f16754100000000000000000000000000ced532ce4159b035277d4dfbb7db62968b13cd4eec00000000000000000000001801000000000000a8", "ffd503c7dd712eb3791b7114b17bb0cf"),
        ];
        var data = new TheoryData<PolyvalPath, string, string, string>();
        foreach (PolyvalPath path in Enum.GetValues<PolyvalPath>())
        {
            foreach ((string key, string input, string hash) in vectors)
            {
                data.Add(path, key, input, hash);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Vectors))]
    public void Every_path_gives_the_RFC_8452_results(PolyvalPath path, string key, string input, string hash)
    {
        Require(path);
        byte[] blocks = Convert.FromHexString(input.PadRight((input.Length + 31) / 32 * 32, '0'));
        Assert.Equal(hash, Convert.ToHexStringLower(Hash(path, Convert.FromHexString(key), blocks)));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_matches_the_in_box_AES_GCM_GHASH(PolyvalPath path)
    {
        Require(path);
        var random = new Random(8452);
        foreach (int count in new[] { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100, 194, 200 })
        {
            byte[] aesKey = new byte[32];
            random.NextBytes(aesKey);
            byte[] blocks = new byte[count * Polyval.BlockSize];
            random.NextBytes(blocks);
            byte[] expected = GhashOracle.Polyval(aesKey, blocks, out byte[] polyvalKey, out byte[] input);
            Assert.Equal(expected, Hash(path, polyvalKey, input));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_equals_the_software_one_over_lengths_and_split_updates(PolyvalPath path)
    {
        Require(path);
        var random = new Random(128);
        for (int count = 0; count <= 140; count++)
        {
            byte[] key = new byte[16];
            random.NextBytes(key);
            byte[] blocks = new byte[count * Polyval.BlockSize];
            random.NextBytes(blocks);
            byte[] expected = Hash(PolyvalPath.Software, key, blocks);
            Assert.Equal(expected, Hash(path, key, blocks));

            int split = random.Next(count + 1) * Polyval.BlockSize;
            using var polyval = new Polyval(key, path);
            byte[] state = new byte[16];
            polyval.Update(state, blocks.AsSpan(0, split));
            polyval.Update(state, blocks.AsSpan(split));
            Assert.Equal(expected, state);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_equals_bitwise_field_arithmetic_up_to_300_blocks_with_extreme_keys_and_blocks(PolyvalPath path)
    {
        Require(path);
        var random = new Random(300);
        byte[] rfcKey = Convert.FromHexString("25629347589242761d31f826ba4b757b");
        Assert.Equal("f7a3b47b846119fae5b7866cf5e5b77e", Convert.ToHexStringLower(BitwisePolyval(rfcKey, new byte[16], Convert.FromHexString("4f4f95668c83dfb6401762bb2d01a262d1a24ddd2721d006bbe45f20d3c9f362"))));

        // H = 0, the polynomial 1, the dot product's identity x^128 mod P, the top bit, all ones; blocks with every carry.
        byte[][] keys =
        [
            new byte[16],
            [1, .. new byte[15]],
            [1, .. new byte[14], 0xC2],
            [.. new byte[15], 0x80],
            [.. Enumerable.Repeat((byte)0xFF, 16)],
            Random16(random),
        ];
        Func<int, byte[]>[] fills =
        [
            n => [.. Enumerable.Repeat((byte)0xFF, n)],
            n => [.. Enumerable.Range(0, n).Select(i => (byte)(i % 16 is 0 or 15 ? 0x80 : 0x01))],
            n => RandomBytes(random, n),
        ];
        foreach (byte[] key in keys)
        {
            using var polyval = new Polyval(key, path);
            foreach (Func<int, byte[]> fill in fills)
            {
                for (int count = 0; count <= 300; count += key == keys[^1] ? 1 : 7)
                {
                    byte[] blocks = fill(count * Polyval.BlockSize);
                    byte[] start = Random16(random);
                    byte[] state = (byte[])start.Clone();
                    polyval.Update(state, blocks);
                    Assert.Equal(BitwisePolyval(key, start, blocks), state);
                }
            }
        }
    }

    [Fact]
    public void Picks_the_widest_carry_less_multiply_the_CPU_has()
    {
        using var polyval = new Polyval(new byte[16]);
        PolyvalPath expected = System.Runtime.Intrinsics.X86.Pclmulqdq.V512.IsSupported ? PolyvalPath.Clmul512
            : System.Runtime.Intrinsics.X86.Pclmulqdq.V256.IsSupported ? PolyvalPath.Clmul256
            : System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported || System.Runtime.Intrinsics.Arm.Aes.IsSupported ? PolyvalPath.Clmul128
            : PolyvalPath.Software;
        Assert.Equal(expected, polyval.Path);
    }

    [Fact]
    public void Refuses_a_wrong_key_state_or_partial_block()
    {
        Assert.Throws<ArgumentException>(() => new Polyval(new byte[15]));
        Assert.Throws<ArgumentException>(() => new Polyval(new byte[32]));
        using var polyval = new Polyval(new byte[16]);
        Assert.Throws<ArgumentException>(() => polyval.Update(new byte[15], new byte[16]));
        Assert.Throws<ArgumentException>(() => polyval.Update(new byte[16], new byte[17]));
        polyval.Dispose();
        Assert.Throws<ObjectDisposedException>(() => polyval.Update(new byte[16], new byte[16]));
    }

    /// <summary>
    /// POLYVAL from its definition, one bit at a time on 128-bit integers (bit i the coefficient of x^i): Horner's
    /// rule with dot(a, b) = a * b * x^-128 mod x^128 + x^127 + x^126 + x^121 + 1.
    /// </summary>
    private static byte[] BitwisePolyval(byte[] key, byte[] start, byte[] blocks)
    {
        UInt128 h = Read(key), s = Read(start);
        for (int i = 0; i < blocks.Length; i += 16)
        {
            s = Dot(s ^ Read(blocks.AsSpan(i, 16)), h);
        }

        byte[] result = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(result, s);
        return result;

        static UInt128 Read(ReadOnlySpan<byte> b) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(b);
    }

    private static UInt128 Dot(UInt128 a, UInt128 b)
    {
        // x^128 = x^127 + x^126 + x^121 + 1 (mod P)
        UInt128 low = (UInt128.One << 127) | (UInt128.One << 126) | (UInt128.One << 121) | UInt128.One;
        UInt128 product = 0;
        for (int bit = 127; bit >= 0; bit--)
        {
            bool carry = (product >> 127) != 0;
            product <<= 1;
            if (carry)
            {
                product ^= low;
            }

            if (((b >> bit) & 1) != 0)
            {
                product ^= a;
            }
        }

        // Divide by x 128 times: an odd value has P added first, whose x^128 lands on x^127 after the shift.
        for (int i = 0; i < 128; i++)
        {
            product = (product & 1) != 0 ? ((product ^ low) >> 1) | (UInt128.One << 127) : product >> 1;
        }

        return product;
    }

    private static byte[] Random16(Random random) => RandomBytes(random, 16);

    private static byte[] RandomBytes(Random random, int n)
    {
        byte[] b = new byte[n];
        random.NextBytes(b);
        return b;
    }

    private static void Require(PolyvalPath path) => Skip.IfNot(Polyval.IsSupported(path), $"This CPU does not run the {path} POLYVAL path.");

    private static byte[] Hash(PolyvalPath path, byte[] key, byte[] blocks)
    {
        using var polyval = new Polyval(key, path);
        byte[] state = new byte[16];
        polyval.Update(state, blocks);
        return state;
    }
}

/// <summary>
/// POLYVAL computed from the platform's AES-GCM: with empty plaintext, the GCM tag is GHASH_Hg(A, lengths) xor
/// AES_K(J0), Hg = AES_K(0). RFC 8452 Appendix A: POLYVAL(H, X_1..X_n) = ByteReverse(GHASH(mulX_GHASH(ByteReverse(H)),
/// ByteReverse(X_1)..ByteReverse(X_n))), so H = ByteReverse(mulX_GHASH^-1(Hg)), and GCM's own length block
/// (8|A| big-endian, 0) is the last X, reversed.
/// </summary>
internal static class GhashOracle
{
    /// <summary>POLYVAL over <paramref name="input"/>: the blocks, then GCM's length block reversed.</summary>
    public static byte[] Polyval(byte[] aesKey, byte[] blocks, out byte[] polyvalKey, out byte[] input)
    {
        using var aes = Aes.Create();
        aes.Key = aesKey;
        byte[] hg = aes.EncryptEcb(new byte[16], PaddingMode.None);
        polyvalKey = Reverse(DivideByX(hg));

        // The GCM input: the blocks reversed one by one, as associated data.
        byte[] associated = new byte[blocks.Length];
        for (int i = 0; i < blocks.Length; i += 16)
        {
            Reverse(blocks.AsSpan(i, 16)).CopyTo(associated.AsSpan(i));
        }

        byte[] nonce = new byte[12];
        byte[] tag = new byte[16];
        using (var gcm = new AesGcm(aesKey, 16))
        {
            gcm.Encrypt(nonce, Array.Empty<byte>(), Array.Empty<byte>(), tag, associated);
        }

        byte[] j0 = new byte[16];
        j0[15] = 1;
        byte[] mask = aes.EncryptEcb(j0, PaddingMode.None);
        byte[] ghash = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            ghash[i] = (byte)(tag[i] ^ mask[i]);
        }

        // GHASH ran over the blocks and then GCM's length block, which POLYVAL sees reversed like the rest.
        byte[] lengths = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)blocks.Length * 8);
        input = [.. blocks, .. Reverse(lengths)];
        return Reverse(ghash);
    }

    private static byte[] Reverse(ReadOnlySpan<byte> block)
    {
        byte[] r = block.ToArray();
        Array.Reverse(r);
        return r;
    }

    /// <summary>The inverse of GHASH's multiplication by x: a shift left, with R = 0xe1 || 0^120 removed when the top bit is set.</summary>
    private static byte[] DivideByX(byte[] w)
    {
        bool carry = (w[0] & 0x80) != 0;
        byte[] v = (byte[])w.Clone();
        if (carry)
        {
            v[0] ^= 0xE1;
        }

        byte[] shifted = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            shifted[i] = (byte)((v[i] << 1) | (i + 1 < 16 ? v[i + 1] >> 7 : 0));
        }

        if (carry)
        {
            shifted[15] |= 1;
        }

        return shifted;
    }
}
