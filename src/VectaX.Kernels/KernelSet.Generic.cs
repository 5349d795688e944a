using System.Runtime.Intrinsics;

namespace VectaX.Kernels;

/// <summary>The kernels specialised for one width.</summary>
internal sealed class KernelSet<TS, TVec> : KernelSet
    where TS : struct, ISimd<TVec>
    where TVec : unmanaged
{
    public static readonly KernelSet<TS, TVec> Instance = new();

    private KernelSet()
    {
    }

    public override KernelWidth Width => TS.Count switch
    {
        1 => KernelWidth.Scalar,
        4 => KernelWidth.V128,
        8 => KernelWidth.V256,
        _ => KernelWidth.V512,
    };

    public override bool AllFinite(ReadOnlySpan<float> x) => Elementwise.AllFinite<TS, TVec>(x);

    private protected override float DotCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y) =>
        Reduction.Sum<TS, TVec, DotTerm>(x, y);

    private protected override float SquaredDistanceCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y) =>
        Reduction.Sum<TS, TVec, SquaredDistanceTerm>(x, y);

    private protected override void ScaleAddCore(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> addend, Span<float> destination) =>
        Elementwise.ScaleAdd<TS, TVec>(scale, x, addend, destination);

    private protected override void SubtractDivideCore(ReadOnlySpan<float> x, ReadOnlySpan<float> subtrahend, float divisor, Span<float> destination) =>
        Elementwise.SubtractDivide<TS, TVec>(x, subtrahend, divisor, destination);

    private protected override bool ScaleAddProductCore(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, Span<float> destination) =>
        Elementwise.ScaleAddProduct<TS, TVec>(scale, x, y, factor, destination);

    private protected override void SubtractProductDivideCore(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, float divisor, Span<float> destination) =>
        Elementwise.SubtractProductDivide<TS, TVec>(x, y, factor, divisor, destination);

    private protected override void MultiplyCore(ReadOnlySpan<float> x, float factor, Span<float> destination) =>
        Elementwise.Multiply<TS, TVec>(x, factor, destination);

    private protected override void MultiplyEachCore(ReadOnlySpan<float> x, ReadOnlySpan<float> factors, Span<float> destination) =>
        Elementwise.MultiplyEach<TS, TVec>(x, factors, destination);

    private protected override void HadamardCore(Span<float> block) => Kernels.Hadamard.Transform<TS, TVec>(block);

    private protected override void HadamardRowsCore(Span<float> block) => Kernels.Hadamard.Rows<TS, TVec>(block);

    private protected override void GatherRowsCore(ReadOnlySpan<float> source, ReadOnlySpan<int> table, ReadOnlySpan<float> signs, Span<float> destination) =>
        RowGather.Gather<TS, TVec>(source, table, signs, destination);

    private protected override void HadamardGroupsCore(Span<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> post) =>
        Kernels.Hadamard.Groups<TS, TVec>(x, pre, post);

    // The double lanes of this width: half its float lanes (one at the scalar width); the switch folds per width.
    private protected override double DoubleDotCore(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TS.Count switch
    {
        1 => Householder.Dot<ScalarDouble, double>(a, b),
        4 => Householder.Dot<V128Double, Vector128<double>>(a, b),
        8 => Householder.Dot<V256Double, Vector256<double>>(a, b),
        _ => Householder.Dot<V512Double, Vector512<double>>(a, b),
    };

    private protected override void ReflectCore(Span<double> row, ReadOnlySpan<double> v, double factor, double sign)
    {
        switch (TS.Count)
        {
            case 1:
                Householder.Reflect<ScalarDouble, double>(row, v, factor, sign);
                break;
            case 4:
                Householder.Reflect<V128Double, Vector128<double>>(row, v, factor, sign);
                break;
            case 8:
                Householder.Reflect<V256Double, Vector256<double>>(row, v, factor, sign);
                break;
            default:
                Householder.Reflect<V512Double, Vector512<double>>(row, v, factor, sign);
                break;
        }
    }

    private protected override void GaussiansCore(ReadOnlySpan<uint> words, Span<float> destination) =>
        BoxMuller.Fill<TS, TVec>(words, destination);

    private protected override float GaussiansSumOfSquaresCore(ReadOnlySpan<uint> words, Span<float> destination, int count) =>
        BoxMuller.FillSumOfSquares<TS, TVec>(words, destination, count);

    private protected override void MatrixMultiplyCore(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int columns) =>
        Gemm.Multiply<TS, TVec>(a, b, c, rows, inner, columns);
}
