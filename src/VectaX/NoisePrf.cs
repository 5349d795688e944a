using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// The noise keystream for an IV: AES-256-CTR under the noise key, starting at the counter AES_Kc(IV) under a
/// second key Kc. IVs that are close as integers (IV, IV+1, IV+2^64) start at unrelated counters, so a caller
/// who picks related IVs gets keystreams that do not overlap (except by a 2^-128-scale chance). The one definition
/// of the noise derivation: its key-schedule labels, its counters; the CPU engine draws from it and a device plan
/// (<see cref="DevicePlan"/>) exports its stream key and counters.
/// </summary>
internal sealed class NoisePrf : IDisposable
{
    private const string StreamLabel = "noise";
    private const string CounterLabel = "noise-counter";

    private readonly byte[] _streamKey = new byte[KeySchedule.SubKeySize];
    private readonly AesCtr _stream;
    private readonly AesCtr _counter;

    /// <summary>Derives the stream and counter keys of <paramref name="key"/>.</summary>
    public NoisePrf(VectaXKey key)
    {
        Span<byte> counterKey = stackalloc byte[KeySchedule.SubKeySize];
        try
        {
            KeySchedule.Derive(key.Secret, StreamLabel, key, _streamKey);
            KeySchedule.Derive(key.Secret, CounterLabel, key, counterKey);
            _stream = new AesCtr(_streamKey);
            _counter = new AesCtr(counterKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(counterKey);
        }
    }

    /// <summary>The stream key, for a device that runs the keystream itself.</summary>
    public ReadOnlySpan<byte> StreamKey => _streamKey;

    /// <summary>The keystream's first counter block for <paramref name="iv"/>: one AES block of the IV under the counter key.</summary>
    public void StartCounter(ReadOnlySpan<byte> iv, Span<byte> counter) => _counter.Generate(iv, counter[..AesCtr.BlockSize]);

    /// <summary>The first counter block for each 16-byte IV of <paramref name="ivs"/>, as four big-endian words a row.</summary>
    public void StartCounters(ReadOnlySpan<byte> ivs, Span<uint> words)
    {
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        for (int row = 0; row < ivs.Length / AesCtr.BlockSize; row++)
        {
            StartCounter(ivs.Slice(row * AesCtr.BlockSize, AesCtr.BlockSize), counter);
            for (int w = 0; w < 4; w++)
            {
                words[(4 * row) + w] = BinaryPrimitives.ReadUInt32BigEndian(counter[(4 * w)..]);
            }
        }

        CryptographicOperations.ZeroMemory(counter);
    }

    /// <summary>Fills <paramref name="keystream"/> (whole blocks) from the counter derived from <paramref name="iv"/>.</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> keystream)
    {
        Span<byte> counter = stackalloc byte[AesCtr.BlockSize];
        StartCounter(iv, counter);
        _stream.Generate(counter, keystream);
        CryptographicOperations.ZeroMemory(counter);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_streamKey);
        _stream.Dispose();
        _counter.Dispose();
    }
}
