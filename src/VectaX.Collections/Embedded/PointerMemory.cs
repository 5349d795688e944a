using System.Buffers;

namespace VectaX.Collections.Embedded;

/// <summary>Memory over a span of a mapped file, so the scan reads the file's pages in place; valid while the mapping lives.</summary>
internal sealed unsafe class PointerMemory<T>(T* pointer, int length) : MemoryManager<T>
    where T : unmanaged
{
    public override Span<T> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
