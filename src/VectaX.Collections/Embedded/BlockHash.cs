using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace VectaX.Collections.Embedded;

/// <summary>
/// A record body's checksum: XxHash3 of the XxHash3s of its 1 MiB blocks, so opening a file verifies the blocks
/// on every core instead of one long sequential hash.
/// </summary>
internal sealed class BlockHash
{
    public const int BlockSize = 1 << 20;

    private readonly XxHash3 _block = new();
    private readonly List<ulong> _blocks = [];
    private int _filled;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, BlockSize - _filled);
            _block.Append(bytes[..take]);
            _filled += take;
            bytes = bytes[take..];
            if (_filled == BlockSize)
            {
                EndBlock();
            }
        }
    }

    public ulong Finish()
    {
        if (_filled > 0)
        {
            EndBlock();
        }

        return Combine(CollectionsMarshal.AsSpan(_blocks));
    }

    /// <summary>The checksum from the block hashes, in order.</summary>
    public static ulong Combine(ReadOnlySpan<ulong> blocks) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(blocks));

    private void EndBlock()
    {
        _blocks.Add(_block.GetCurrentHashAsUInt64());
        _block.Reset();
        _filled = 0;
    }
}
