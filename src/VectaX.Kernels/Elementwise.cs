using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>Lane-by-lane kernels: each element gets the same operations at every width, so results are bit-identical.</summary>
[SkipLocalsInit]
internal static class Elementwise
{
    /// <summary>destination = scale * x + addend, fused.</summary>
    public static void ScaleAdd<TS, TVec>(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> addend, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pa = ref MemoryMarshal.GetReference(addend);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        TVec s = TS.Splat(scale);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            TS.Store(TS.MultiplyAdd(s, TS.Load(ref Unsafe.Add(ref px, i)), TS.Load(ref Unsafe.Add(ref pa, i))), ref Unsafe.Add(ref pd, i));
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref pd, i) = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref px, i), Unsafe.Add(ref pa, i));
        }
    }

    /// <summary>destination = (x - subtrahend) / divisor.</summary>
    public static void SubtractDivide<TS, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> subtrahend, float divisor, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float ps = ref MemoryMarshal.GetReference(subtrahend);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        TVec q = TS.Splat(divisor);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            TS.Store(TS.Divide(TS.Subtract(TS.Load(ref Unsafe.Add(ref px, i)), TS.Load(ref Unsafe.Add(ref ps, i))), q), ref Unsafe.Add(ref pd, i));
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref pd, i) = (Unsafe.Add(ref px, i) - Unsafe.Add(ref ps, i)) / divisor;
        }
    }

    /// <summary>destination = x * factor.</summary>
    public static void Multiply<TS, TVec>(ReadOnlySpan<float> x, float factor, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        TVec f = TS.Splat(factor);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref px, i)), f), ref Unsafe.Add(ref pd, i));
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref pd, i) = Unsafe.Add(ref px, i) * factor;
        }
    }

    /// <summary>destination = x * factors, lane by lane (in place allowed).</summary>
    public static void MultiplyEach<TS, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> factors, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pf = ref MemoryMarshal.GetReference(factors);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref px, i)), TS.Load(ref Unsafe.Add(ref pf, i))), ref Unsafe.Add(ref pd, i));
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref pd, i) = Unsafe.Add(ref px, i) * Unsafe.Add(ref pf, i);
        }
    }

    /// <summary>destination = scale * x + round(y * factor), fused; true when every result is finite.</summary>
    public static bool ScaleAddProduct<TS, TVec>(float scale, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        bool finite = true;
        if (n < TS.Count)
        {
            for (int j = 0; j < n; j++)
            {
                float r = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref px, j), Unsafe.Add(ref py, j) * factor);
                finite &= float.IsFinite(r);
                Unsafe.Add(ref pd, j) = r;
            }

            return finite;
        }

        // The tail is one last vector overlapping the previous one (TailBenchmarks: it pays here, not in ScaleAdd). It is
        // computed before the loop writes, so it reads the inputs even in place (the encryption runs in place): its
        // overlapped lanes repeat the loop's results exactly and the finite check is unchanged.
        TVec s = TS.Splat(scale), f = TS.Splat(factor);
        int last = n - TS.Count;
        TVec tail = TS.MultiplyAdd(s, TS.Load(ref Unsafe.Add(ref px, last)), TS.Multiply(TS.Load(ref Unsafe.Add(ref py, last)), f));
        for (int i = 0; i < last; i += TS.Count)
        {
            TVec r = TS.MultiplyAdd(s, TS.Load(ref Unsafe.Add(ref px, i)), TS.Multiply(TS.Load(ref Unsafe.Add(ref py, i)), f));
            finite &= TS.AllFinite(r);
            TS.Store(r, ref Unsafe.Add(ref pd, i));
        }

        TS.Store(tail, ref Unsafe.Add(ref pd, last));
        return finite & TS.AllFinite(tail);
    }

    /// <summary>destination = (x - round(y * factor)) / divisor.</summary>
    public static void SubtractProductDivide<TS, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float factor, float divisor, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        TVec f = TS.Splat(factor), q = TS.Splat(divisor);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            TVec noise = TS.Multiply(TS.Load(ref Unsafe.Add(ref py, i)), f);
            TS.Store(TS.Divide(TS.Subtract(TS.Load(ref Unsafe.Add(ref px, i)), noise), q), ref Unsafe.Add(ref pd, i));
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref pd, i) = (Unsafe.Add(ref px, i) - (Unsafe.Add(ref py, i) * factor)) / divisor;
        }
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    public static bool AllFinite<TS, TVec>(ReadOnlySpan<float> x)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        int i = 0;
        for (; i <= x.Length - TS.Count; i += TS.Count)
        {
            if (!TS.AllFinite(TS.Load(ref Unsafe.Add(ref px, i))))
            {
                return false;
            }
        }

        for (; i < x.Length; i++)
        {
            if (!float.IsFinite(Unsafe.Add(ref px, i)))
            {
                return false;
            }
        }

        return true;
    }
}
