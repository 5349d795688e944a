using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using VectaX.Kernels;

namespace VectaX.Benchmarks;

/// <summary>
/// The encryption's noise-and-scale kernel with an overlapping last vector (as shipped) against the same loop with a
/// scalar tail (the baseline, kept here), at odd dimensions and at a multiple of the width as a control. ScaleAdd was
/// measured the same way and did not pay (docs/BENCHMARKS.md), so it keeps its scalar tail.
/// </summary>
public class TailBenchmarks
{
    private float[] _x = null!, _y = null!, _d = null!;

    [Params(383, 1024, 1025)]
    public int D { get; set; }

    [Params(8, 16)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _x = Enumerable.Range(0, D).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _y = Enumerable.Range(0, D).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _d = new float[D];
    }

    [Benchmark(Baseline = true)]
    public bool ScaleAddProductScalarTail() => Lanes == 8
        ? ScalarTail.ScaleAddProduct<V256Simd, Vector256<float>>(1.3f, _x, _y, 0.01f, _d)
        : ScalarTail.ScaleAddProduct<V512Simd, Vector512<float>>(1.3f, _x, _y, 0.01f, _d);

    [Benchmark]
    public bool ScaleAddProductOverlapping() => Lanes == 8
        ? Elementwise.ScaleAddProduct<V256Simd, Vector256<float>>(1.3f, _x, _y, 0.01f, _d)
        : Elementwise.ScaleAddProduct<V512Simd, Vector512<float>>(1.3f, _x, _y, 0.01f, _d);

    /// <summary>The kernel as it was: full vectors, then one element at a time.</summary>
    private static class ScalarTail
    {
        public static bool ScaleAddProduct<TS, TVec>(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, Span<float> destination)
            where TS : struct, ISimd<TVec>
            where TVec : unmanaged
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            ref float py = ref MemoryMarshal.GetReference(y);
            ref float pd = ref MemoryMarshal.GetReference(destination);
            TVec s = TS.Splat(scale), f = TS.Splat(factor);
            bool finite = true;
            int i = 0;
            for (; i <= x.Length - TS.Count; i += TS.Count)
            {
                TVec r = TS.MultiplyAdd(s, TS.Load(ref Unsafe.Add(ref px, i)), TS.Multiply(TS.Load(ref Unsafe.Add(ref py, i)), f));
                finite &= TS.AllFinite(r);
                TS.Store(r, ref Unsafe.Add(ref pd, i));
            }

            for (; i < x.Length; i++)
            {
                float r = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref px, i), Unsafe.Add(ref py, i) * factor);
                finite &= float.IsFinite(r);
                Unsafe.Add(ref pd, i) = r;
            }

            return finite;
        }
    }
}
