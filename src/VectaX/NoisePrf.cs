using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// The noise keystream for an IV: AES-256-CTR under the noise key, starting at the counter AES_Kc(IV) under a
/// second key Kc. IVs that are close as integers (IV, IV+1, IV+2^64) start at unrelated counters, so a caller
/// who picks related IVs gets keystreams that do not overlap (except by a 2^-128-scale chance).
/// </summary>
internal sealed class NoisePrf : IDisposable
{
    private readonly AesCtr _stream;
    private readonly AesCtr _counter;

    public NoisePrf(ReadOnlySpan<byte> streamKey, ReadOnlySpan<byte> counterKey)
    {
        _stream = new AesCtr(streamKey);
        _counter = new AesCtr(counterKey);
    }

    /// <summary>The keystream's first counter block for <paramref name="iv"/>: one AES block of the IV under the counter key.</summary>
    public void StartCounter(ReadOnlySpan<byte> iv, Span<byte> counter) => _counter.Generate(iv, counter[..AesCtr.BlockSize]);

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
        _stream.Dispose();
        _counter.Dispose();
    }
}
