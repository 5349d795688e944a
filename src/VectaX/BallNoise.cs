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

    /// <summary>
    /// Draws the noise for <paramref name="iv"/> as a direction, left in the first d <paramref name="samples"/>, and
    /// the factor it is multiplied by: noise[i] = samples[i] * factor, which the cipher applies in the same pass
    /// as the scale (<see cref="KernelSet.ScaleAddProduct"/>), so the noise is never written out on its own.
    /// </summary>
    public static float Direction(NoisePrf prf, ReadOnlySpan<byte> iv, int dimension, double radius, KernelSet kernels, Span<byte> keystream, Span<float> samples)
    {
        int words = WordCount(dimension);
        prf.Keystream(iv, keystream);
        Span<uint> w = MemoryMarshal.Cast<byte, uint>(keystream[..(words * sizeof(uint))]);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(w, w);
        }

        float sumOfSquares = kernels.GaussiansSumOfSquares(w, samples, dimension);

        // u in (0, 1] with 24 bits; u^(1/d) makes the radius uniform over the ball's volume.
        uint radiusWord = BinaryPrimitives.ReadUInt32LittleEndian(keystream[(words * sizeof(uint))..]);
        double u = ((radiusWord >> 8) + 1) * (1.0 / (1 << 24));
        float r = (float)(radius * Math.Exp(Math.Log(u) / dimension));

        if (sumOfSquares > 0)
        {
            return r / MathF.Sqrt(sumOfSquares);
        }

        // Every sample zero (likely only for tiny d): any unit direction keeps the bound.
        samples[..dimension].Clear();
        samples[0] = 1;
        return r;
    }
}
