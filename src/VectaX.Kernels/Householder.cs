using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// The double-precision steps of the dense transform's construction, in one fixed order at every width so that every
/// machine builds the same Q: a dot product over eight interleaved partial sums (lane j takes the elements i with
/// i mod 8 = j), folded as ((p0 + p4) + (p1 + p5)) + ((p2 + p6) + (p3 + p7)), then the tail one FMA at a time; and a
/// Householder reflection, element by element.
/// </summary>
[SkipLocalsInit]
internal static class Householder
{
    private const int Partials = 8;

    public static double Dot<TD, TVec>(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        where TD : struct, IDoubleSimd<TVec>
        where TVec : unmanaged
    {
        int c = TD.Count;
        ref double pa = ref MemoryMarshal.GetReference(a);
        ref double pb = ref MemoryMarshal.GetReference(b);
        TVec s0 = TD.Splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int i = 0;
        for (; i <= a.Length - Partials; i += Partials)
        {
            // Partials / Count accumulators cover the eight partial sums; the others fold away per width.
            s0 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i)), TD.Load(ref Unsafe.Add(ref pb, i)), s0);
            if (c <= 4)
            {
                s1 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + c)), TD.Load(ref Unsafe.Add(ref pb, i + c)), s1);
            }

            if (c <= 2)
            {
                s2 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + (2 * c))), TD.Load(ref Unsafe.Add(ref pb, i + (2 * c))), s2);
                s3 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + (3 * c))), TD.Load(ref Unsafe.Add(ref pb, i + (3 * c))), s3);
            }

            if (c == 1)
            {
                s4 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + 4)), TD.Load(ref Unsafe.Add(ref pb, i + 4)), s4);
                s5 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + 5)), TD.Load(ref Unsafe.Add(ref pb, i + 5)), s5);
                s6 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + 6)), TD.Load(ref Unsafe.Add(ref pb, i + 6)), s6);
                s7 = TD.MultiplyAdd(TD.Load(ref Unsafe.Add(ref pa, i + 7)), TD.Load(ref Unsafe.Add(ref pb, i + 7)), s7);
            }
        }

        Span<double> p = stackalloc double[Partials];
        ref double pp = ref MemoryMarshal.GetReference(p);
        Store<TD, TVec>(s0, s1, s2, s3, s4, s5, s6, s7, ref pp);
        double sum = ((p[0] + p[4]) + (p[1] + p[5])) + ((p[2] + p[6]) + (p[3] + p[7]));
        for (; i < a.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i), sum);
        }

        return sum;
    }

    /// <summary>row[i] = (row[i] - w * v[i]) * sign, the subtraction fused, with w = (row . v) * factor.</summary>
    public static void Reflect<TD, TVec>(Span<double> row, ReadOnlySpan<double> v, double factor, double sign)
        where TD : struct, IDoubleSimd<TVec>
        where TVec : unmanaged
    {
        double w = Dot<TD, TVec>(row, v) * factor;
        ref double pr = ref MemoryMarshal.GetReference(row);
        ref double pv = ref MemoryMarshal.GetReference(v);
        TVec minusW = TD.Splat(-w), signs = TD.Splat(sign);
        int i = 0;
        for (; i <= row.Length - TD.Count; i += TD.Count)
        {
            TD.Store(TD.Multiply(TD.MultiplyAdd(minusW, TD.Load(ref Unsafe.Add(ref pv, i)), TD.Load(ref Unsafe.Add(ref pr, i))), signs), ref Unsafe.Add(ref pr, i));
        }

        for (; i < row.Length; i++)
        {
            Unsafe.Add(ref pr, i) = Math.FusedMultiplyAdd(-w, Unsafe.Add(ref pv, i), Unsafe.Add(ref pr, i)) * sign;
        }
    }

    /// <summary>The accumulators in use, lane by lane, into the eight partial sums.</summary>
    private static void Store<TD, TVec>(TVec s0, TVec s1, TVec s2, TVec s3, TVec s4, TVec s5, TVec s6, TVec s7, ref double p)
        where TD : struct, IDoubleSimd<TVec>
        where TVec : unmanaged
    {
        int c = TD.Count;
        TD.Store(s0, ref p);
        if (c <= 4)
        {
            TD.Store(s1, ref Unsafe.Add(ref p, c));
        }

        if (c <= 2)
        {
            TD.Store(s2, ref Unsafe.Add(ref p, 2 * c));
            TD.Store(s3, ref Unsafe.Add(ref p, 3 * c));
        }

        if (c == 1)
        {
            TD.Store(s4, ref Unsafe.Add(ref p, 4));
            TD.Store(s5, ref Unsafe.Add(ref p, 5));
            TD.Store(s6, ref Unsafe.Add(ref p, 6));
            TD.Store(s7, ref Unsafe.Add(ref p, 7));
        }
    }
}
