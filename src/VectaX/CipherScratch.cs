using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VectaX;

/// <summary>
/// The working memory of one encrypt or decrypt, carved from one block: on the stack up to 64 KiB, pooled
/// beyond. Only what a call needs is carved (the decrypted vector only for a decryption, the transform's
/// scratch only where the transform uses one), and all of it is secret-bearing, so all of it, and only it,
/// is zeroed on release.
/// </summary>
internal ref struct CipherScratch
{
    public const int StackLimit = 64 * 1024;

    /// <summary>The noise direction's Gaussian samples.</summary>
    public Span<float> Samples;

    /// <summary>The transform's scratch (<see cref="OrthogonalTransform.ScratchFloats"/>; empty for most).</summary>
    public Span<float> Work;

    /// <summary>A decryption's y = (c - n) / s; empty for an encryption.</summary>
    public Span<float> Y;

    /// <summary>The noise keystream.</summary>
    public Span<byte> Keystream;

    private readonly Span<byte> _used;
    private readonly byte[]? _rented;

    public CipherScratch(Span<byte> block, byte[]? rented, int dimension, int workFloats, bool decrypt)
    {
        _rented = rented;
        _used = block[..Bytes(dimension, workFloats, decrypt)];
        int floatCount = FloatCount(dimension, workFloats, decrypt);
        Span<float> floats = MemoryMarshal.Cast<byte, float>(_used[..(floatCount * sizeof(float))]);
        Samples = floats[..BallNoise.SampleCount(dimension)];
        Work = floats.Slice(Samples.Length, workFloats);
        Y = floats.Slice(Samples.Length + workFloats, decrypt ? dimension : 0);
        Keystream = _used[(floatCount * sizeof(float))..];
    }

    /// <summary>Bytes one call needs: samples, the transform's scratch, y for a decryption, the keystream.</summary>
    public static int Bytes(int dimension, int workFloats, bool decrypt) =>
        (FloatCount(dimension, workFloats, decrypt) * sizeof(float)) + BallNoise.KeystreamBytes(dimension);

    /// <summary>A pooled block when <paramref name="bytes"/> is over the stack limit, else null (the caller stackallocs).</summary>
    public static byte[]? RentIfLarge(int bytes) => bytes > StackLimit ? ArrayPool<byte>.Shared.Rent(bytes) : null;

    /// <summary>Zeroes every byte carved (each held noise, keystream or a transformed vector), then returns a pooled block.</summary>
    public readonly void Release()
    {
        CryptographicOperations.ZeroMemory(_used);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }

    private static int FloatCount(int dimension, int workFloats, bool decrypt) =>
        BallNoise.SampleCount(dimension) + workFloats + (decrypt ? dimension : 0);
}
