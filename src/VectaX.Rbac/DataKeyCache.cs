using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace VectaX.Rbac;

/// <summary>
/// The data keys one open access class has unwrapped, keyed by the wrapped key's bytes (nonce, key, tag), so the records
/// of one sealer's data key cost one unwrap and one AES-GCM object, not one each. A hit is as good as the unwrap: the
/// wrapped bytes are equal to ones whose GCM tag checked, bound to this class's authority, epoch and tag, which the
/// record header must name before the cache is asked. Holds at most <see cref="Capacity"/> keys; when full it is emptied
/// (each key zeroed, its AES-GCM objects disposed as their renters return them) and fills again. Lives and is zeroed
/// with its class.
/// </summary>
internal sealed class DataKeyCache
{
    /// <summary>Keys kept per class: at a sealer's rotation count (2^20 records a key) a class of 256 sealed keys is about 268 million records.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<WrappedId, DataKey> _keys = new();
    private volatile bool _disposed;

    /// <summary>Keys held now (tests read it).</summary>
    public int Count => _keys.Count;

    /// <summary>The key whose wrapped form is <paramref name="wrapped"/>, or null.</summary>
    public DataKey? Find(ReadOnlySpan<byte> wrapped) => _keys.TryGetValue(WrappedId.Of(wrapped), out DataKey? key) ? key : null;

    /// <summary>Keeps <paramref name="key"/> (one already kept for the same wrapped bytes wins, and this one is retired); <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.</summary>
    public DataKey Add(DataKey key)
    {
        if (_keys.Count >= Capacity)
        {
            Clear();
        }

        DataKey kept = _keys.GetOrAdd(WrappedId.Of(key.Wrapped), key);
        if (!ReferenceEquals(kept, key))
        {
            key.Retire();
        }

        if (_disposed)
        {
            Clear();
            throw new ObjectDisposedException(nameof(AccessClass));
        }

        return kept;
    }

    /// <summary>Zeroes every key and keeps none from now on.</summary>
    public void Dispose()
    {
        _disposed = true;
        Clear();
    }

    private void Clear()
    {
        foreach (WrappedId id in _keys.Keys)
        {
            if (_keys.TryRemove(id, out DataKey? dropped))
            {
                dropped.Retire();
            }
        }
    }

    /// <summary>The 60 wrapped bytes as a value (zero-padded to 64), compared whole.</summary>
    private readonly record struct WrappedId(UInt128 A, UInt128 B, UInt128 C, UInt128 D)
    {
        public static WrappedId Of(ReadOnlySpan<byte> wrapped)
        {
            Span<byte> padded = stackalloc byte[64];
            padded.Clear();
            wrapped.CopyTo(padded);
            return new(
                BinaryPrimitives.ReadUInt128LittleEndian(padded),
                BinaryPrimitives.ReadUInt128LittleEndian(padded[16..]),
                BinaryPrimitives.ReadUInt128LittleEndian(padded[32..]),
                BinaryPrimitives.ReadUInt128LittleEndian(padded[48..]));
        }
    }
}
