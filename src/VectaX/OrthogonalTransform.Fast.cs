using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// Q = prod over rounds of B * D_r * P_r: keyed sign flips D_r, permutations P_r, and B, the normalised
/// Walsh-Hadamard transform on the head block [0, n) followed by the same on the tail block [d - n, d), n the
/// largest power of two not above d. Each factor is orthogonal, so Q is, for any d and without padding; three
/// rounds spread every input over the outputs, unevenly when d is just above a power of two (docs/SECURITY.md).
/// <see cref="TransformRevision.Original"/> keys every P_r;
/// <see cref="TransformRevision.SingleGather"/> keys P_1 only (P_2 = P_3 = identity), the sign-and-Hadamard rounds
/// of SORF (Yu et al., 2016) and of the cross-polytope LSH rotation (Andoni et al., 2015) after one keyed
/// permutation, so a vector needs one gather instead of three. Structured maps of this kind follow the randomised
/// Hadamard constructions of Ailon and Chazelle (2006, the fast Johnson-Lindenstrauss transform).
/// <see cref="TransformRevision.SplitHadamard"/> (d = 16m) keys P1 as a permutation of the m rows of 16 and of the
/// lanes within each row, and splits B's stages between the rounds: Q = R D3 G D2 R D1 P1, with R the stages of
/// stride 16 and up (across the m rows of 16 floats, on the head and tail blocks of rows) and G = H16/4 the stages
/// of stride 1 to 8 (within each row). A round does part of the stages of a round of the other revisions, and every
/// input still reaches the outputs through every row (see docs/SECURITY.md).
/// </summary>
internal sealed class FastTransform : OrthogonalTransform
{
    public const int Rounds = 3;

    private readonly int[][] _permutation = new int[Rounds][];
    private readonly float[][] _sign = new float[Rounds][];
    private readonly int[][] _inversePermutation = new int[Rounds][];
    private readonly float[][] _inverseSign = new float[Rounds][];
    private readonly int _block;
    private readonly TransformRevision _revision;

    /// <summary>SplitHadamard's group round multiplies by D2/4 before and D3 after (forward), by D3/4 and D2 (inverse).</summary>
    private readonly float[] _groupPre = [], _inverseGroupPre = [];

    /// <summary>Rounds [0, _gathers) have a keyed permutation; the rest only flip signs, in place.</summary>
    private readonly int _gathers;

    public FastTransform(ReadOnlySpan<byte> key, int dimension, TransformRevision revision)
        : base(dimension)
    {
        if (revision == TransformRevision.SplitHadamard && !Splits(dimension))
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "SplitHadamard needs a dimension that is a multiple of 16, at least 32.");
        }

        _revision = revision;
        _block = revision == TransformRevision.SplitHadamard ? RowBlock(dimension) : 1 << (31 - int.LeadingZeroCount(dimension));
        _gathers = revision == TransformRevision.Original ? Rounds : 1;
        using var stream = new KeyedStream(key);
        for (int r = 0; r < Rounds; r++)
        {
            _sign[r] = stream.NextSigns(dimension);
            _permutation[r] = r >= _gathers ? Identity(dimension)
                : revision == TransformRevision.SplitHadamard ? RowPermutation(stream, dimension)
                : stream.NextPermutation(dimension);
            _inversePermutation[r] = new int[dimension];
            _inverseSign[r] = new float[dimension];
            for (int i = 0; i < dimension; i++)
            {
                // y[i] = s[i] x[p[i]] inverts to x[j] = s[q[j]] y[q[j]] with q = p^-1.
                _inversePermutation[r][_permutation[r][i]] = i;
                _inverseSign[r][_permutation[r][i]] = _sign[r][i];
            }
        }

        if (revision == TransformRevision.SplitHadamard)
        {
            _groupPre = Quarter(_sign[1]);
            _inverseGroupPre = Quarter(_sign[2]);
        }
    }

    /// <summary>Whether <see cref="TransformRevision.SplitHadamard"/> covers dimension d: a multiple of 16, at least 32.</summary>
    public static bool Splits(int dimension) => dimension % Kernels.KernelSet.HadamardGroupLength == 0 && dimension >= 2 * Kernels.KernelSet.HadamardGroupLength;

    /// <summary>The construction these tables follow.</summary>
    public TransformRevision Revision => _revision;

    public override int BatchRows => 1;

    /// <summary>A second buffer only where several rounds gather (revision 0); sign rounds work in place.</summary>
    public override int ScratchFloats => _gathers > 1 ? Dimension : 0;

    /// <summary>
    /// The Hadamard block length: the largest power of two not above d, or for SplitHadamard the rows' block, 16 times
    /// the largest power of two not above d/16.
    /// </summary>
    public int Block => _block;

    /// <summary>
    /// The per-round tables, for device kernels: forward (permutation, sign), inverse (permutation, sign). A round
    /// without a keyed permutation has the identity, so a kernel that gathers every round computes either revision.
    /// </summary>
    public (int[] Permutation, float[] Sign, int[] InversePermutation, float[] InverseSign) Round(int r) =>
        (_permutation[r], _sign[r], _inversePermutation[r], _inverseSign[r]);

    public override void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch, int rows, KernelSet kernels)
    {
        int d = Dimension;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> source = x.Slice(row * d, d);
            Span<float> output = y.Slice(row * d, d);
            if (_revision == TransformRevision.SplitHadamard)
            {
                kernels.GatherRows(source, _permutation[0], _sign[0], output);
                MixRows(output, inverse: false, kernels);
                kernels.HadamardGroups(output, _groupPre, _sign[2]);
                MixRows(output, inverse: false, kernels);
                continue;
            }

            Span<float> temp = _gathers > 1 ? scratch[..d] : default;
            Span<float> current = output;

            // Gathering rounds alternate between output and scratch (an odd count ends in output); sign rounds stay put.
            for (int r = 0; r < Rounds; r++)
            {
                if (r < _gathers)
                {
                    current = r % 2 == 0 ? output : temp;
                    KernelSet.GatherSigned(source, _permutation[r], _sign[r], current);
                }
                else
                {
                    kernels.MultiplyEach(current, _sign[r], current);
                }

                kernels.Hadamard(current[.._block]);
                if (_block < d)
                {
                    kernels.Hadamard(current[(d - _block)..]);
                }

                source = current;
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
            if (_revision == TransformRevision.SplitHadamard)
            {
                MixRows(current, inverse: true, kernels);
                kernels.HadamardGroups(current, _inverseGroupPre, _sign[1]);
                MixRows(current, inverse: true, kernels);
                kernels.GatherRows(current, _inversePermutation[0], _inverseSign[0], output);
                continue;
            }

            bool inScratch = false;
            for (int r = Rounds - 1; r >= 0; r--)
            {
                if (_block < d)
                {
                    kernels.Hadamard(current[(d - _block)..]);
                }

                kernels.Hadamard(current[.._block]);
                if (r >= _gathers)
                {
                    kernels.MultiplyEach(current, _inverseSign[r], current);
                    continue;
                }

                Span<float> target = r == 0 ? output : inScratch ? y.Slice(row * d, d) : scratch[..d];
                KernelSet.GatherSigned(current, _inversePermutation[r], _inverseSign[r], target);
                current = target;
                inScratch = !inScratch;
            }
        }
    }

    public override void Clear()
    {
        for (int r = 0; r < Rounds; r++)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_permutation[r].AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_inversePermutation[r].AsSpan()));
            Array.Clear(_sign[r]);
            Array.Clear(_inverseSign[r]);
        }

        Array.Clear(_groupPre);
        Array.Clear(_inverseGroupPre);
    }

    /// <summary>16 times the largest power of two not above d/16.</summary>
    private static int RowBlock(int dimension) => Kernels.KernelSet.HadamardGroupLength << (31 - int.LeadingZeroCount(dimension / Kernels.KernelSet.HadamardGroupLength));

    /// <summary>R: the row stages on the head block then the tail block (forward), or tail then head (inverse).</summary>
    private void MixRows(Span<float> x, bool inverse, KernelSet kernels)
    {
        int d = Dimension;
        if (inverse && _block < d)
        {
            kernels.HadamardRows(x[(d - _block)..]);
        }

        kernels.HadamardRows(x[.._block]);
        if (!inverse && _block < d)
        {
            kernels.HadamardRows(x[(d - _block)..]);
        }
    }

    /// <summary>
    /// SplitHadamard's P1: a keyed permutation of the m rows of 16, then a keyed permutation of the lanes within each
    /// row (m + 1 draws): any permutation that moves whole rows, one lane shuffle a row to apply (and its inverse too).
    /// </summary>
    private static int[] RowPermutation(KeyedStream stream, int dimension)
    {
        const int lanes = Kernels.KernelSet.HadamardGroupLength;
        int[] rows = stream.NextPermutation(dimension / lanes);
        int[] permutation = new int[dimension];
        for (int row = 0; row < rows.Length; row++)
        {
            int[] within = stream.NextPermutation(lanes);
            for (int lane = 0; lane < lanes; lane++)
            {
                permutation[(row * lanes) + lane] = (rows[row] * lanes) + within[lane];
            }

            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(within.AsSpan()));
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(rows.AsSpan()));
        return permutation;
    }

    private static float[] Quarter(float[] signs)
    {
        float[] quarter = new float[signs.Length];
        for (int i = 0; i < signs.Length; i++)
        {
            quarter[i] = signs[i] * 0.25f;
        }

        return quarter;
    }

    private static int[] Identity(int dimension)
    {
        int[] identity = new int[dimension];
        for (int i = 0; i < dimension; i++)
        {
            identity[i] = i;
        }

        return identity;
    }
}
