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
