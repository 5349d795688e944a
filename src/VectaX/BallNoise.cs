using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Noise uniform in the ball of radius R (R = s*beta/4), drawn from AES-256-CTR under the noise key from a
/// counter derived from the per-vector IV (<see cref="NoisePrf"/>): a Gaussian direction (Box-Muller),
/// normalised, times R*u^(1/d).
/// The key holder regenerates the same noise from the IV. Keystream layout: 16 words per 32 dimensions for
/// the direction, then one block whose first word sets the radius.
/// </summary>
internal static class BallNoise
{
    /// <summary>Keystream words for the direction.</summary>
    public static int WordCount(int dimension) => ((dimension + 31) / 32) * 16;

    /// <summary>Gaussian samples drawn (dimension rounded up to 32).</summary>
    public static int SampleCount(int dimension) => 2 * WordCount(dimension);

    /// <summary>Keystream bytes: the direction words plus one radius block.</summary>
    public static int KeystreamBytes(int dimension) => (WordCount(dimension) * sizeof(uint)) + Kernels.AesCtr.BlockSize;

    /// <summary>Writes the noise for <paramref name="iv"/> into <paramref name="noise"/> (d floats).</summary>
    public static void Generate(NoisePrf prf, ReadOnlySpan<byte> iv, double radius, KernelSet kernels, Span<byte> keystream, Span<float> samples, Span<float> noise)
    {
        int d = noise.Length;
        int words = WordCount(d);
        prf.Keystream(iv, keystream);
        Span<uint> w = MemoryMarshal.Cast<byte, uint>(keystream[..(words * sizeof(uint))]);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(w, w);
        }

        kernels.Gaussians(w, samples);

        // u in (0, 1] with 24 bits; u^(1/d) makes the radius uniform over the ball's volume.
        uint radiusWord = BinaryPrimitives.ReadUInt32LittleEndian(keystream[(words * sizeof(uint))..]);
        double u = ((radiusWord >> 8) + 1) * (1.0 / (1 << 24));
        float r = (float)(radius * Math.Exp(Math.Log(u) / d));

        ReadOnlySpan<float> direction = samples[..d];
        float sumOfSquares = kernels.SumOfSquares(direction);
        if (sumOfSquares > 0)
        {
            kernels.Multiply(direction, r / MathF.Sqrt(sumOfSquares), noise);
        }
        else
        {
            // Every sample zero (likely only for tiny d): any unit direction keeps the bound.
            noise.Clear();
            noise[0] = r;
        }
    }
}
