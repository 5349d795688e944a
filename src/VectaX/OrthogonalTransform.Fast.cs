using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Q = prod over rounds of B * P_r * D_r: keyed sign flips D_r, keyed permutations P_r, and B, the normalised
/// Walsh-Hadamard transform on the head block [0, n) followed by the same on the tail block [d - n, d), n the
/// largest power of two not above d. Each factor is orthogonal, so Q is, for any d and without padding; three
/// rounds spread every input over every output. Structured maps of this kind follow the randomised
/// Hadamard constructions of Ailon and Chazelle (2006, the fast Johnson-Lindenstrauss transform).
/// </summary>
internal sealed class FastTransform : OrthogonalTransform
{
    public const int Rounds = 3;

    private readonly int[][] _permutation = new int[Rounds][];
    private readonly float[][] _sign = new float[Rounds][];
    private readonly int[][] _inversePermutation = new int[Rounds][];
    private readonly float[][] _inverseSign = new float[Rounds][];
    private readonly int _block;

    public FastTransform(ReadOnlySpan<byte> key, int dimension)
        : base(dimension)
    {
        _block = 1 << (31 - int.LeadingZeroCount(dimension));
        using var stream = new KeyedStream(key);
        for (int r = 0; r < Rounds; r++)
        {
            _sign[r] = stream.NextSigns(dimension);
            _permutation[r] = stream.NextPermutation(dimension);
            _inversePermutation[r] = new int[dimension];
            _inverseSign[r] = new float[dimension];
            for (int i = 0; i < dimension; i++)
            {
                // y[i] = s[i] x[p[i]] inverts to x[j] = s[q[j]] y[q[j]] with q = p^-1.
                _inversePermutation[r][_permutation[r][i]] = i;
                _inverseSign[r][_permutation[r][i]] = _sign[r][i];
            }
        }
    }

    public override int BatchRows => 1;

    /// <summary>Largest power of two not above d: the Hadamard block length.</summary>
    public int Block => _block;

    /// <summary>The per-round tables, for device kernels: forward (permutation, sign), inverse (permutation, sign).</summary>
    public (int[] Permutation, float[] Sign, int[] InversePermutation, float[] InverseSign) Round(int r) =>
        (_permutation[r], _sign[r], _inversePermutation[r], _inverseSign[r]);

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch, int rows, KernelSet kernels)
    {
        int d = Dimension;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> source = x.Slice(row * d, d);
            Span<float> output = y.Slice(row * d, d);
            Span<float> temp = scratch[..d];

            // Rounds alternate between output and scratch; an odd count ends in output.
            for (int r = 0; r < Rounds; r++)
            {
                Span<float> target = r % 2 == 0 ? output : temp;
                KernelSet.GatherSignedUnchecked(source, _permutation[r], _sign[r], target);
                kernels.Hadamard(target[.._block]);
                if (_block < d)
                {
                    kernels.Hadamard(target[(d - _block)..]);
                }

                source = target;
            }
        }
    }

    public override void Inverse(Span<float> y, Span<float> x, Span<float> scratch, int rows, KernelSet kernels)
    {
        int d = Dimension;
        for (int row = 0; row < rows; row++)
        {
            Span<float> current = y.Slice(row * d, d);
            Span<float> output = x.Slice(row * d, d);
            bool inScratch = false;
            for (int r = Rounds - 1; r >= 0; r--)
            {
                if (_block < d)
                {
                    kernels.Hadamard(current[(d - _block)..]);
                }

                kernels.Hadamard(current[.._block]);
                Span<float> target = r == 0 ? output : inScratch ? y.Slice(row * d, d) : scratch[..d];
                KernelSet.GatherSignedUnchecked(current, _inversePermutation[r], _inverseSign[r], target);
                current = target;
                inScratch = !inScratch;
            }
        }
    }

    public override void Clear()
    {
        for (int r = 0; r < Rounds; r++)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_permutation[r].AsSpan()));
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_inversePermutation[r].AsSpan()));
            Array.Clear(_sign[r]);
            Array.Clear(_inverseSign[r]);
        }
    }
}
