using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VectaX.Rbac;

/// <summary>
/// The access classes one key (a user key or the authority) has opened, keyed by the SHA-256 of their class header's
/// core, which the class MAC covers: a header whose core is byte for byte one already opened is the same class. A
/// class the key may not open is remembered as such (null), so a search does not fetch and try it again. Lives as long
/// as its key; disposing the key zeroes every class in it.
/// </summary>
internal sealed class ClassCache : IDisposable
{
    private readonly ConcurrentDictionary<string, AccessClass?> _classes = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public static string KeyOf(ReadOnlySpan<byte> core)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(core, digest);
        return Convert.ToBase64String(digest);
    }

    /// <summary>True when the class of this core was tried before: <paramref name="opened"/> is it, or null when the key may not open it.</summary>
    public bool TryGet(string key, out AccessClass? opened)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _classes.TryGetValue(key, out opened);
    }

    /// <summary>Keeps <paramref name="opened"/> (or a denial, null) for <paramref name="key"/>; the class already kept wins a race.</summary>
    public AccessClass? Add(string key, AccessClass? opened)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AccessClass? kept = _classes.GetOrAdd(key, opened?.Cached());
        if (!ReferenceEquals(kept, opened))
        {
            opened?.Release();
        }

        if (_disposed)
        {
            Dispose();
            throw new ObjectDisposedException(nameof(ClassCache));
        }

        return kept;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (string key in _classes.Keys)
        {
            if (_classes.TryRemove(key, out AccessClass? opened))
            {
                opened?.Release();
            }
        }
    }
}
