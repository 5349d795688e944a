using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectaX.Kernels;

/// <summary>
/// C = A * B for row-major A (rows x inner), B (inner x columns), C (rows x columns). Every element of C is
/// the fused multiply-add chain over j = 0 .. inner-1 in order, whatever the tile it falls in and whatever
/// the width, so a one-row product (a single vector) and a batch give the same bits. Tiles are 4 rows by two
/// vectors, swept column panel by column panel so that the panel of B stays in cache across all rows; for
/// batches the panel is first packed contiguous, so the tile reads it in sequence instead of one row of B
/// (and often one page) per step.
/// </summary>
internal static class Gemm
{
    private const int TileRows = 4;
    private const int PackFromRows = 8;

    public static void Multiply<TS, TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int columns)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pc = ref MemoryMarshal.GetReference(c);
        int panel = 2 * TS.Count;
        float[]? packed = rows >= PackFromRows && columns >= panel ? ArrayPool<float>.Shared.Rent(inner * panel) : null;
        int col = 0;
        for (; col <= columns - panel; col += panel)
        {
            ref float bp = ref Unsafe.Add(ref pb, col);
            int stride = columns;
            if (packed is not null)
            {
                for (int j = 0; j < inner; j++)
                {
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref bp, j * columns), panel).CopyTo(packed.AsSpan(j * panel, panel));
                }

                bp = ref packed[0];
                stride = panel;
            }

            int row = 0;
            for (; row <= rows - TileRows; row += TileRows)
            {
                Tile4<TS, TVec>(ref Unsafe.Add(ref pa, row * inner), ref bp, ref Unsafe.Add(ref pc, (row * columns) + col), inner, stride, columns);
            }

            for (; row < rows; row++)
            {
                Tile1<TS, TVec>(ref Unsafe.Add(ref pa, row * inner), ref bp, ref Unsafe.Add(ref pc, (row * columns) + col), inner, stride);
            }
        }

        if (packed is not null)
        {
            ArrayPool<float>.Shared.Return(packed);
        }

        for (; col < columns; col++)
        {
            for (int row = 0; row < rows; row++)
            {
                ref float ar = ref Unsafe.Add(ref pa, row * inner);
                float sum = 0;
                for (int j = 0; j < inner; j++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ar, j), Unsafe.Add(ref pb, (j * columns) + col), sum);
                }

                Unsafe.Add(ref pc, (row * columns) + col) = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4<TS, TVec>(ref float a, ref float b, ref float c, int inner, int stride, int columns)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TVec c00 = TS.Splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        ref float a1 = ref Unsafe.Add(ref a, inner);
        ref float a2 = ref Unsafe.Add(ref a, 2 * inner);
        ref float a3 = ref Unsafe.Add(ref a, 3 * inner);
        for (int j = 0; j < inner; j++)
        {
            ref float bj = ref Unsafe.Add(ref b, j * stride);
            TVec b0 = TS.Load(ref bj);
            TVec b1 = TS.Load(ref Unsafe.Add(ref bj, TS.Count));
            TVec x = TS.Splat(Unsafe.Add(ref a, j));
            c00 = TS.MultiplyAdd(x, b0, c00);
            c01 = TS.MultiplyAdd(x, b1, c01);
            x = TS.Splat(Unsafe.Add(ref a1, j));
            c10 = TS.MultiplyAdd(x, b0, c10);
            c11 = TS.MultiplyAdd(x, b1, c11);
            x = TS.Splat(Unsafe.Add(ref a2, j));
            c20 = TS.MultiplyAdd(x, b0, c20);
            c21 = TS.MultiplyAdd(x, b1, c21);
            x = TS.Splat(Unsafe.Add(ref a3, j));
            c30 = TS.MultiplyAdd(x, b0, c30);
            c31 = TS.MultiplyAdd(x, b1, c31);
        }

        StorePair<TS, TVec>(c00, c01, ref c);
        StorePair<TS, TVec>(c10, c11, ref Unsafe.Add(ref c, columns));
        StorePair<TS, TVec>(c20, c21, ref Unsafe.Add(ref c, 2 * columns));
        StorePair<TS, TVec>(c30, c31, ref Unsafe.Add(ref c, 3 * columns));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1<TS, TVec>(ref float a, ref float b, ref float c, int inner, int stride)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TVec c0 = TS.Splat(0), c1 = c0;
        for (int j = 0; j < inner; j++)
        {
            ref float bj = ref Unsafe.Add(ref b, j * stride);
            TVec x = TS.Splat(Unsafe.Add(ref a, j));
            c0 = TS.MultiplyAdd(x, TS.Load(ref bj), c0);
            c1 = TS.MultiplyAdd(x, TS.Load(ref Unsafe.Add(ref bj, TS.Count)), c1);
        }

        StorePair<TS, TVec>(c0, c1, ref c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<TS, TVec>(TVec first, TVec second, ref float destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        TS.Store(first, ref destination);
        TS.Store(second, ref Unsafe.Add(ref destination, TS.Count));
    }
}
