using System.Security.Cryptography;
using System.Runtime.InteropServices;

namespace VectaX;

/// <summary>
/// Everything a device needs to run one key's transform and noise, and nothing else of the cipher: the scale, the
/// noise radius, the noise keystream's AES-256 key and layout, and the transform's tables (<see cref="TransformKind.Fast"/>)
/// or matrices (<see cref="TransformKind.Dense"/>). Each row's keystream starts at the counter block
/// <see cref="DeviceBatchCipher.NoiseCounters"/> gives for its IV. Holds copies of secret key material: upload them,
/// then dispose the plan, which zeroes them.
/// </summary>
public sealed class DevicePlan : IDisposable
{
    private readonly byte[] _noiseKey;
    private readonly int[] _forwardPermutations = [], _inversePermutations = [];
    private readonly float[] _forwardSigns = [], _inverseSigns = [], _forwardMatrix = [], _inverseMatrix = [];
    private bool _disposed;

    internal DevicePlan(TransformKind transform, int dimension, float scale, double noiseRadius, ReadOnlySpan<byte> noiseKey, OrthogonalTransform tables)
    {
        Transform = transform;
        Dimension = dimension;
        Scale = scale;
        NoiseRadius = noiseRadius;
        _noiseKey = noiseKey.ToArray();
        switch (tables)
        {
            case FastTransform fast:
                FastRounds = FastTransform.Rounds;
                Revision = fast.Revision;
                HadamardBlock = fast.Block;
                HadamardNormaliser = Kernels.KernelSet.HadamardNormaliser(Revision == TransformRevision.SplitHadamard ? fast.Block / Kernels.KernelSet.HadamardGroupLength : fast.Block);
                _forwardPermutations = Concat(r => fast.Round(r).Permutation);
                _forwardSigns = Concat(r => fast.Round(r).Sign);
                _inversePermutations = Concat(r => fast.Round(r).InversePermutation);
                _inverseSigns = Concat(r => fast.Round(r).InverseSign);
                break;
            case DenseTransform dense:
                _forwardMatrix = [.. dense.Matrices.Forward];
                _inverseMatrix = [.. dense.Matrices.Inverse];
                break;
        }
    }

    /// <summary>The transform kind: which of the tables below are filled.</summary>
    public TransformKind Transform { get; }

    /// <summary>The vector dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The scale s: c = s*Q*v + n.</summary>
    public float Scale { get; }

    /// <summary>The radius of the noise ball, s*beta/4.</summary>
    public double NoiseRadius { get; }

    /// <summary>The AES-256 key of the noise keystream (AES-CTR from each row's counter block).</summary>
    public ReadOnlySpan<byte> NoiseKey => Live(_noiseKey);

    /// <summary>Keystream words a row's noise direction takes: 16 for each 32 dimensions, two Box-Muller samples a word.</summary>
    public int DirectionWords => BallNoise.WordCount(Dimension);

    /// <summary>Keystream bytes a row takes: the direction words, then one AES block whose first word sets the radius.</summary>
    public int KeystreamBytes => BallNoise.KeystreamBytes(Dimension);

    /// <summary>
    /// Fast: the construction. <see cref="TransformRevision.Original"/> and <see cref="TransformRevision.SingleGather"/>
    /// run every round as the tables below say (SingleGather's later rounds have the identity permutation). For
    /// <see cref="TransformRevision.SplitHadamard"/> a device must compute Q = R D3 G D2 R D1 P1 instead: round 0 gathers as
    /// below; R is the Walsh-Hadamard stages of stride 16 up to <see cref="HadamardBlock"/>/2 on the head block then the
    /// tail block, each then multiplied by <see cref="HadamardNormaliser"/>; G multiplies by sign[d + i] * 0.25, runs the
    /// stages of stride 1, 2, 4 and 8 over the whole row, then multiplies by sign[2d + i]. The inverse runs R on the tail
    /// block then the head, G with the inverse tables' round 2 signs times 0.25 before and round 1 signs after, R again,
    /// then round 0's inverse gather. A <see cref="DeviceBatchCipher"/> gets a SplitHadamard plan only when it says it
    /// computes that revision (<c>Computes</c>).
    /// </summary>
    public TransformRevision Revision { get; }

    /// <summary>Fast: rounds of sign flip, permutation and Hadamard blocks; the tables hold one d-long run a round.</summary>
    public int FastRounds { get; }

    /// <summary>
    /// Fast: the Hadamard block length (head block, then tail block): the largest power of two not above d, or for
    /// SplitHadamard 16 times the largest power of two not above d/16.
    /// </summary>
    public int HadamardBlock { get; }

    /// <summary>
    /// Fast: 1/sqrt(<see cref="HadamardBlock"/>), or for SplitHadamard 1/sqrt(<see cref="HadamardBlock"/>/16), rounded as
    /// the CPU kernels round it, which each Hadamard block's output is multiplied by.
    /// </summary>
    public float HadamardNormaliser { get; }

    /// <summary>Fast, forward: round r writes y[i] = sign[r*d + i] * x[permutation[r*d + i]], then the Hadamard blocks.</summary>
    public ReadOnlySpan<int> ForwardPermutations => Live(_forwardPermutations);

    /// <summary>Fast, forward: the signs that go with <see cref="ForwardPermutations"/>.</summary>
    public ReadOnlySpan<float> ForwardSigns => Live(_forwardSigns);

    /// <summary>Fast, inverse: round r (last to first) undoes the Hadamard blocks, then gathers with these.</summary>
    public ReadOnlySpan<int> InversePermutations => Live(_inversePermutations);

    /// <summary>Fast, inverse: the signs that go with <see cref="InversePermutations"/>.</summary>
    public ReadOnlySpan<float> InverseSigns => Live(_inverseSigns);

    /// <summary>Dense: Q^T row-major, so a row-major batch maps as Y = X * Q^T.</summary>
    public ReadOnlySpan<float> ForwardMatrix => Live(_forwardMatrix);

    /// <summary>Dense: Q row-major, so X = Y * Q.</summary>
    public ReadOnlySpan<float> InverseMatrix => Live(_inverseMatrix);

    /// <summary>Zeroes the key and the tables; reading them afterwards is an <see cref="ObjectDisposedException"/>, not zeroes to upload.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_noiseKey);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_forwardPermutations.AsSpan()));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_inversePermutations.AsSpan()));
        Array.Clear(_forwardSigns);
        Array.Clear(_inverseSigns);
        Array.Clear(_forwardMatrix);
        Array.Clear(_inverseMatrix);
    }

    /// <summary>The public parameters only.</summary>
    public override string ToString() => $"DevicePlan(d={Dimension}, {Transform})";

    /// <summary>A table or key of a plan not yet disposed: a device that uploaded a disposed plan's zeroes would encrypt under them silently.</summary>
    private ReadOnlySpan<T> Live<T>(T[] values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return values;
    }

    private static T[] Concat<T>(Func<int, T[]> round) => [.. Enumerable.Range(0, FastTransform.Rounds).SelectMany(round)];
}
