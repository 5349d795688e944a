using System.Buffers.Binary;
using VectaX.Kernels;

namespace VectaX.Gpu;

/// <summary>
/// AES-256 for the device: the S-box built from its definition (the multiplicative inverse in GF(2^8) followed
/// by the affine map, FIPS 197 section 5.1.1), the four round tables that merge SubBytes, ShiftRows and
/// MixColumns, and the key schedule (section 5.2) as 60 big-endian words. The tests check the device keystream
/// against the CPU engine's, block for block.
/// </summary>
internal static class AesTables
{
    public const int RoundKeyWords = AesKeySchedule.Words;

    /// <summary>T0 | T1 | T2 | T3 | S-box, 5 x 256 words.</summary>
    public static uint[] Build()
    {
        byte[] sbox = SBox();
        var tables = new uint[5 * 256];
        for (int x = 0; x < 256; x++)
        {
            uint s = sbox[x];
            uint s2 = Times2(s), s3 = s2 ^ s;
            uint t0 = (s2 << 24) | (s << 16) | (s << 8) | s3;
            tables[x] = t0;
            tables[256 + x] = uint.RotateRight(t0, 8);
            tables[512 + x] = uint.RotateRight(t0, 16);
            tables[768 + x] = uint.RotateRight(t0, 24);
            tables[1024 + x] = s;
        }

        return tables;
    }

    /// <summary>The AES-256 key schedule as 60 big-endian words.</summary>
    public static uint[] ExpandKey(ReadOnlySpan<byte> key)
    {
        var w = new uint[RoundKeyWords];
        AesKeySchedule.Expand<TableSubWord>(key, w);
        for (int i = 0; i < w.Length; i++)
        {
            // The schedule's words are little-endian; the device's round tables take them big-endian.
            w[i] = BinaryPrimitives.ReverseEndianness(w[i]);
        }

        return w;
    }

    private static uint Times2(uint b) => ((b << 1) ^ ((b & 0x80) != 0 ? 0x1Bu : 0u)) & 0xFF;

    private static byte[] SBox()
    {
        var sbox = new byte[256];
        for (int x = 0; x < 256; x++)
        {
            byte inverse = Inverse((byte)x);
            int b = inverse;
            int s = b ^ Rotl(b, 1) ^ Rotl(b, 2) ^ Rotl(b, 3) ^ Rotl(b, 4) ^ 0x63;
            sbox[x] = (byte)s;
        }

        return sbox;
    }

    /// <summary>SubWord by S-box lookups, for the device cipher's key setup on the host.</summary>
    private readonly struct TableSubWord : IAesSubWord
    {
        private static readonly byte[] s_sbox = SBox();

        public static uint SubWord(uint w) =>
            ((uint)s_sbox[w >> 24] << 24) | ((uint)s_sbox[(w >> 16) & 0xFF] << 16) | ((uint)s_sbox[(w >> 8) & 0xFF] << 8) | s_sbox[w & 0xFF];
    }

    private static int Rotl(int b, int n) => ((b << n) | (b >> (8 - n))) & 0xFF;

    /// <summary>The inverse in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0 maps to 0), as x^254.</summary>
    private static byte Inverse(byte x)
    {
        byte result = 1, power = x;
        for (int e = 254; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
        }

        return x == 0 ? (byte)0 : result;
    }

    private static byte Multiply(byte a, byte b)
    {
        int p = 0, x = a, y = b;
        for (int i = 0; i < 8; i++)
        {
            if ((y & 1) != 0)
            {
                p ^= x;
            }

            x = (x << 1) ^ ((x & 0x80) != 0 ? 0x11B : 0);
            y >>= 1;
        }

        return (byte)p;
    }
}
