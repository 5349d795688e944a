using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VectaX.Rbac;

/// <summary>
/// A data key (a sealer's, or one a class unwrapped from a record header) with its wrapped form and a pool of AES-GCM
/// objects under it: an AES-GCM object serves one thread at a time, and building one (key schedule, OpenSSL context)
/// costs about half the encryption of a whole record, so each is reused. <see cref="Retire"/> zeroes the key and
/// disposes the pool; an object rented before stays usable until it is returned, then is disposed.
/// </summary>
internal sealed class DataKey
{
    private readonly byte[] _key;
    private readonly byte[] _wrapped;
    private readonly ConcurrentBag<AesGcm> _pool = [];
    private readonly Lock _gate = new();
    private long _uses;
    private volatile bool _retired;

    public DataKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wrapped)
    {
        _key = key.ToArray();
        _wrapped = wrapped.ToArray();
    }

    /// <summary>The wrapped key (nonce, key, tag) as record headers carry it.</summary>
    public ReadOnlySpan<byte> Wrapped => _wrapped;

    /// <summary>Whether <see cref="Retire"/> ran (the key is zeroed).</summary>
    public bool Retired => _retired;

    /// <summary>Counts one more encryption under the key and returns the count (a sealer rotates past its limit).</summary>
    public long CountUse() => Interlocked.Increment(ref _uses);

    /// <summary>An AES-GCM object under the key for this thread alone, or null once the key is retired.</summary>
    public AesGcm? Rent()
    {
        if (_pool.TryTake(out AesGcm? gcm))
        {
            return gcm;
        }

        lock (_gate)
        {
            // Under the gate: a Retire between a check and the key schedule would build an object under zeros.
            return _retired ? null : new AesGcm(_key, RecordCrypto.GcmTagSize);
        }
    }

    public void Return(AesGcm gcm)
    {
        _pool.Add(gcm);
        Interlocked.MemoryBarrier(); // the add is seen by a Retire's drain, or this read sees the Retire
        if (_retired)
        {
            // Retired while this one was out: nothing else will take it.
            Drain();
        }
    }

    /// <summary>Zeroes the key and disposes the pooled objects; later rents get null.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            CryptographicOperations.ZeroMemory(_key);
        }

        Drain();
    }

    private void Drain()
    {
        lock (_gate)
        {
            while (_pool.TryTake(out AesGcm? left))
            {
                left.Dispose();
            }
        }
    }
}
