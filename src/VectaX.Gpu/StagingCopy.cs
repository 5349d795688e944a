namespace VectaX.Gpu;

/// <summary>Copies between caller memory and page-locked staging on every core: one core's memcpy is slower than the PCIe link.</summary>
internal static class StagingCopy
{
    private const int Piece = 1 << 18;

    public static void Copy(ReadOnlyMemory<float> source, Memory<float> destination)
    {
        int pieces = (source.Length + Piece - 1) / Piece;
        if (pieces <= 1)
        {
            source.Span.CopyTo(destination.Span);
            return;
        }

        Parallel.For(0, pieces, p =>
        {
            int start = p * Piece, length = Math.Min(Piece, source.Length - start);
            source.Span.Slice(start, length).CopyTo(destination.Span.Slice(start, length));
        });
    }
}
