using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// The working memory of one encrypt or decrypt, carved from one block: on the stack up to 64 KiB, pooled
/// beyond. The noise-bearing parts are zeroed on release.
/// </summary>
internal ref struct CipherScratch
{
    public const int StackLimit = 64 * 1024;

    public Span<float> Samples;
    public Span<float> Work;
    public Span<byte> Keystream;

    private readonly Span<byte> _block;
    private readonly byte[]? _rented;

    public CipherScratch(Span<byte> block, byte[]? rented, int dimension)
    {
        _block = block;
        _rented = rented;
        Span<float> floats = MemoryMarshal.Cast<byte, float>(block[..(FloatCount(dimension) * sizeof(float))]);
        Samples = floats[..BallNoise.SampleCount(dimension)];
        Work = floats.Slice(Samples.Length, 2 * dimension);
        Span<byte> bytes = block[(FloatCount(dimension) * sizeof(float))..];
        Keystream = bytes[..BallNoise.KeystreamBytes(dimension)];
    }

    public static int Bytes(int dimension) =>
        (FloatCount(dimension) * sizeof(float)) + BallNoise.KeystreamBytes(dimension);

    /// <summary>A pooled block when <paramref name="bytes"/> is over the stack limit, else null (the caller stackallocs).</summary>
    public static byte[]? RentIfLarge(int bytes) => bytes > StackLimit ? ArrayPool<byte>.Shared.Rent(bytes) : null;

    public readonly void Release()
    {
        int secretBytes = (Samples.Length + Work.Length) * sizeof(float);
        CryptographicOperations.ZeroMemory(_block[..secretBytes]);
        CryptographicOperations.ZeroMemory(Keystream);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }

    private static int FloatCount(int dimension) => BallNoise.SampleCount(dimension) + (2 * dimension);
}
