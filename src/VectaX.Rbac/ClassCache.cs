using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VectaX.Rbac;

/// <summary>
/// The access classes one key (a user key or the authority) has opened, keyed by the SHA-256 of their class header's
/// core, which the class MAC covers: a header whose core is byte for byte one already opened is the same class. A
/// class the key may not open is remembered as such for <see cref="DenialLifetime"/>, so a search does not fetch and
/// try it again; not for longer, because that answer rests on the entry table, which no MAC covers: an operator who
/// altered the table must not keep the key out of the class once the table is repaired. Opening a record finds its
/// class by the tag its record header names instead (<see cref="ForRecord"/>): served only when the class was opened
/// from a core byte for byte the one given, so a record costs a dictionary lookup and a compare, not a SHA-256 of the
/// core. Lives as long as its key; disposing the key zeroes every class in it.
/// </summary>
internal sealed class ClassCache : IDisposable
{
    private readonly ConcurrentDictionary<string, AccessClass> _classes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _denials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<UInt128, (byte[] Core, AccessClass Class)> _byTag = new();
    private TimeSpan _denialLifetime = TimeSpan.FromMinutes(5);
    private volatile bool _disposed;

    /// <summary>How long a denial is remembered (default 5 minutes); zero remembers none.</summary>
    public TimeSpan DenialLifetime
    {
        get => _denialLifetime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _denialLifetime = value;
        }
    }

    /// <summary>The clock denials age by.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static string KeyOf(ReadOnlySpan<byte> core)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(core, digest);
        return Convert.ToBase64String(digest);
    }

    /// <summary>True when the class of this core is known: <paramref name="opened"/> is it, or null when the key was denied it less than <see cref="DenialLifetime"/> ago.</summary>
    public bool TryGet(string key, out AccessClass? opened)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_classes.TryGetValue(key, out AccessClass? known))
        {
            opened = known;
            return true;
        }

        opened = null;
        if (_denials.TryGetValue(key, out long deniedAt))
        {
            if (Clock.GetElapsedTime(deniedAt) < _denialLifetime)
            {
                return true;
            }

            _denials.TryRemove(KeyValuePair.Create(key, deniedAt));
        }

        return false;
    }

    /// <summary>
    /// The kept class whose tag is <paramref name="classTag"/> (a record header's) and which was opened from exactly
    /// <paramref name="core"/>; null when there is none, and the caller takes the core's path (<see cref="KeyOf"/>).
    /// </summary>
    public AccessClass? ForRecord(ReadOnlySpan<byte> classTag, ReadOnlySpan<byte> core)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _byTag.TryGetValue(TagKey(classTag), out (byte[] Core, AccessClass Class) kept) && core.SequenceEqual(kept.Core) ? kept.Class : null;
    }

    /// <summary>Keeps <paramref name="opened"/> (opened from <paramref name="core"/>), or a denial (null) with its time; a class already kept wins a race, and a class wins over a denial.</summary>
    public AccessClass? Add(string key, ReadOnlySpan<byte> core, AccessClass? opened)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AccessClass? kept;
        if (opened is null)
        {
            if (_denialLifetime > TimeSpan.Zero)
            {
                _denials[key] = Clock.GetTimestamp();
            }

            kept = _classes.TryGetValue(key, out AccessClass? known) ? known : null;
        }
        else
        {
            kept = _classes.GetOrAdd(key, opened.Cached());
            if (!ReferenceEquals(kept, opened))
            {
                opened.Release();
            }

            _denials.TryRemove(key, out _);

            // One core per class (a class header is the same bytes whoever builds it): the first one kept stays.
            _byTag.TryAdd(TagKey(kept.TagBytes), (core.ToArray(), kept));
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
        _denials.Clear();
        _byTag.Clear();
        foreach (string key in _classes.Keys)
        {
            if (_classes.TryRemove(key, out AccessClass? opened))
            {
                opened.Release();
            }
        }
    }

    private static UInt128 TagKey(ReadOnlySpan<byte> tag) => BinaryPrimitives.ReadUInt128LittleEndian(tag);
}
