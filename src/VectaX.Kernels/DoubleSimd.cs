using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectaX.Kernels;

/// <summary>
/// The double-precision lanes of one width, for the dense transform's construction (<see cref="Householder"/>):
/// half as many lanes as the width's floats, one for the scalar width. Each operation is IEEE-exact or correctly rounded.
/// </summary>
internal interface IDoubleSimd<TVec>
    where TVec : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TVec Load(ref double source);

    static abstract void Store(TVec value, ref double destination);

    static abstract TVec Splat(double value);

    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>a * b + c with a single rounding.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
}

/// <summary>One double lane: the scalar width.</summary>
internal readonly struct ScalarDouble : IDoubleSimd<double>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double value, ref double destination) => destination = value;

    public static double Splat(double value) => value;

    public static double Multiply(double a, double b) => a * b;

    public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
}

/// <summary>Two double lanes: the 128-bit width.</summary>
internal readonly struct V128Double : IDoubleSimd<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    public static Vector128<double> Splat(double value) => Vector128.Create(value);

    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
}

/// <summary>Four double lanes: the 256-bit width.</summary>
internal readonly struct V256Double : IDoubleSimd<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    public static Vector256<double> Splat(double value) => Vector256.Create(value);

    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
}

/// <summary>Eight double lanes: the 512-bit width.</summary>
internal readonly struct V512Double : IDoubleSimd<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    public static Vector512<double> Splat(double value) => Vector512.Create(value);

    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
}
