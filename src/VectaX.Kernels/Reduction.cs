using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// Sums over a canonical 16-lane layout: element i always lands in lane i % 16, lanes are combined by a
/// fixed tree, and the tail is zero-padded. One AVX-512 register, two AVX2 registers, four Vector128
/// registers or sixteen scalars hold the same lanes, so every width returns the same bits.
/// </summary>
[SkipLocalsInit]
internal static class Reduction
{
    public const int Lanes = 16;

    public static float Sum<TS, TVec, TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
        where TOp : struct, IReductionTerm
    {
        if (TS.Count == 1)
        {
            return ScalarSum<TOp>(x, y);
        }

        TVec a0 = TS.Splat(0), a1 = a0, a2 = a0, a3 = a0;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int full = x.Length & ~(Lanes - 1);
        for (int i = 0; i < full; i += Lanes)
        {
            Block<TS, TVec, TOp>(ref Unsafe.Add(ref px, i), ref Unsafe.Add(ref py, i), ref a0, ref a1, ref a2, ref a3);
        }

        if (full < x.Length)
        {
            Span<float> tx = stackalloc float[Lanes];
            Span<float> ty = stackalloc float[Lanes];
            PadTail(x[full..], tx);
            PadTail(y[full..], ty);
            Block<TS, TVec, TOp>(ref tx[0], ref ty[0], ref a0, ref a1, ref a2, ref a3);
        }

        Span<float> lanes = stackalloc float[Lanes];
        ref float pl = ref lanes[0];
        TS.Store(a0, ref pl);
        if (TS.Count <= Lanes / 2)
        {
            TS.Store(a1, ref Unsafe.Add(ref pl, TS.Count));
        }

        if (TS.Count <= Lanes / 4)
        {
            TS.Store(a2, ref Unsafe.Add(ref pl, 2 * TS.Count));
            TS.Store(a3, ref Unsafe.Add(ref pl, 3 * TS.Count));
        }

        return Combine(lanes);
    }

    /// <summary>The reference: sixteen scalar lanes, the same order of operations as every vector width.</summary>
    private static float ScalarSum<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : struct, IReductionTerm
    {
        Span<float> lanes = stackalloc float[Lanes];
        lanes.Clear();
        int padded = (x.Length + Lanes - 1) & ~(Lanes - 1);
        for (int i = 0; i < padded; i++)
        {
            // Past the end the vector widths read zero padding; so does the reference, down to the sign of zero.
            lanes[i % Lanes] = i < x.Length ? TOp.Step(lanes[i % Lanes], x[i], y[i]) : TOp.Step(lanes[i % Lanes], 0, 0);
        }

        return Combine(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TS, TVec, TOp>(ref float x, ref float y, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
        where TOp : struct, IReductionTerm
    {
        a0 = TOp.Step<TS, TVec>(a0, TS.Load(ref x), TS.Load(ref y));
        if (TS.Count <= Lanes / 2)
        {
            int c = TS.Count;
            a1 = TOp.Step<TS, TVec>(a1, TS.Load(ref Unsafe.Add(ref x, c)), TS.Load(ref Unsafe.Add(ref y, c)));
        }

        if (TS.Count <= Lanes / 4)
        {
            int c = TS.Count;
            a2 = TOp.Step<TS, TVec>(a2, TS.Load(ref Unsafe.Add(ref x, 2 * c)), TS.Load(ref Unsafe.Add(ref y, 2 * c)));
            a3 = TOp.Step<TS, TVec>(a3, TS.Load(ref Unsafe.Add(ref x, 3 * c)), TS.Load(ref Unsafe.Add(ref y, 3 * c)));
        }
    }

    private static void PadTail(ReadOnlySpan<float> tail, Span<float> block)
    {
        tail.CopyTo(block);
        block[tail.Length..].Clear();
    }

    /// <summary>The fixed tree over the 16 lanes (overwrites them); shared by kernels that accumulate in the canonical layout.</summary>
    public static float Combine(Span<float> lanes)
    {
        for (int half = Lanes / 2; half > 0; half >>= 1)
        {
            for (int i = 0; i < half; i++)
            {
                lanes[i] += lanes[i + half];
            }
        }

        return lanes[0];
    }
}

/// <summary>The per-element step of a <see cref="Reduction"/>: how one pair of elements updates a lane.</summary>
internal interface IReductionTerm
{
    static abstract float Step(float accumulator, float x, float y);

    static abstract TVec Step<TS, TVec>(TVec accumulator, TVec x, TVec y)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged;
}

/// <summary>accumulator + x * y.</summary>
internal readonly struct DotTerm : IReductionTerm
{
    public static float Step(float accumulator, float x, float y) => MathF.FusedMultiplyAdd(x, y, accumulator);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TS, TVec>(TVec accumulator, TVec x, TVec y)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged => TS.MultiplyAdd(x, y, accumulator);
}

/// <summary>accumulator + (x - y)^2.</summary>
internal readonly struct SquaredDistanceTerm : IReductionTerm
{
    public static float Step(float accumulator, float x, float y)
    {
        float d = x - y;
        return MathF.FusedMultiplyAdd(d, d, accumulator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TS, TVec>(TVec accumulator, TVec x, TVec y)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TVec d = TS.Subtract(x, y);
        return TS.MultiplyAdd(d, d, accumulator);
    }
}
