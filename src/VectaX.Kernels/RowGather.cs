using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VectaX.Kernels;

/// <summary>
/// destination[i] = source[table[i]] * signs[i] for a table that moves whole rows of 16: the 16 indices of each
/// destination row point into one source row, in any order. A row is then one lane permutation (a shuffle at 16
/// lanes) instead of 16 loads and stores; the result is the plain gather's, bit for bit.
/// </summary>
internal static class RowGather
{
    public const int RowLength = 16;

    public static void Gather<TS, TVec>(ReadOnlySpan<float> source, ReadOnlySpan<int> table, ReadOnlySpan<float> signs, Span<float> destination)
        where TS : struct, ISimd<TVec>
        where TVec : unmanaged
    {
        ref float ps = ref MemoryMarshal.GetReference(source);
        ref int pt = ref MemoryMarshal.GetReference(table);
        ref float pg = ref MemoryMarshal.GetReference(signs);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        for (int k = 0; k < destination.Length; k += RowLength)
        {
            ref float row = ref Unsafe.Add(ref ps, Unsafe.Add(ref pt, k) & ~(RowLength - 1));
            for (int j = k; j < k + RowLength; j += TS.Count)
            {
                TVec picked = TS.PickFromRow(ref row, ref Unsafe.Add(ref pt, j));
                TS.Store(TS.Multiply(picked, TS.Load(ref Unsafe.Add(ref pg, j))), ref Unsafe.Add(ref pd, j));
            }
        }
    }

    /// <summary>Whether every aligned run of 16 indices lies in one aligned row of 16 within [0, sourceLength): two vector compares a row.</summary>
    public static bool MovesRows(ReadOnlySpan<int> table, int sourceLength)
    {
        if (table.Length % RowLength != 0)
        {
            return false;
        }

        ref int pt = ref MemoryMarshal.GetReference(table);
        Vector256<int> mismatch = Vector256<int>.Zero;
        bool inside = true;
        for (int k = 0; k < table.Length; k += RowLength)
        {
            int first = Unsafe.Add(ref pt, k);
            inside &= first >= 0 && (long)(first & ~(RowLength - 1)) + RowLength <= sourceLength;
            Vector256<int> row = Vector256.Create(first >> 4);
            mismatch |= Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref pt, (nuint)k), 4) ^ row;
            mismatch |= Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref pt, (nuint)(k + 8)), 4) ^ row;
        }

        return inside && mismatch == Vector256<int>.Zero;
    }
}
