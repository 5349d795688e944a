using System.Buffers.Binary;
using System.Numerics;

namespace VectaX.Kernels;

/// <summary>SubWord of the AES key schedule: the S-box applied to each byte of a word.</summary>
public interface IAesSubWord
{
    /// <summary>The S-box applied to each byte of <paramref name="word"/>.</summary>
    static abstract uint SubWord(uint word);
}

/// <summary>
/// The AES-256 key schedule (FIPS 197, section 5.2) over little-endian words, so the words' bytes are the
/// schedule's bytes in order. Each engine brings its own SubWord: the AES instructions on the CPU, a table for the
/// device's host side (public for a device engine, which brings its own table S-box).
/// </summary>
public static class AesKeySchedule
{
    /// <summary>Words in an AES-256 schedule: four for each of the 15 round keys.</summary>
    public const int Words = 60;

    /// <summary>Expands a 32-byte key into <see cref="Words"/> words; any other key or schedule length is an <see cref="ArgumentException"/>.</summary>
    public static void Expand<TSubWord>(ReadOnlySpan<byte> key, Span<uint> w)
        where TSubWord : IAesSubWord
    {
        // A longer key would otherwise be cut to its first 32 bytes without a word, a shorter one fail half-read.
        if (key.Length != 32 || w.Length != Words)
        {
            throw new ArgumentException($"AES-256 expands a 32-byte key into {Words} words; got {key.Length} bytes and {w.Length} words.");
        }

        for (int i = 0; i < 8; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        uint rcon = 1;
        for (int i = 8; i < Words; i++)
        {
            uint t = w[i - 1];
            if (i % 8 == 0)
            {
                // RotWord moves byte 1 to byte 0: a right rotation of the little-endian word. AES-256 needs only
                // the round constants 0x01..0x40, so doubling never reduces.
                t = TSubWord.SubWord(BitOperations.RotateRight(t, 8)) ^ rcon;
                rcon <<= 1;
            }
            else if (i % 8 == 4)
            {
                t = TSubWord.SubWord(t);
            }

            w[i] = w[i - 8] ^ t;
        }
    }
}
