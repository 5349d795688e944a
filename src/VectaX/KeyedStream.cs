using VectaX.Kernels;

namespace VectaX;

/// <summary>
/// A deterministic stream of random words from a secret sub-key (AES-256-CTR from counter zero), used to
/// derive the transform. Draws are unbiased: bounded integers use rejection sampling.
/// </summary>
internal sealed class KeyedStream : IDisposable
{
    private readonly AesCtr _aes;
    private readonly byte[] _buffer = new byte[4096];
    private readonly byte[] _counter = new byte[AesCtr.BlockSize];
    private int _position;

    public KeyedStream(ReadOnlySpan<byte> key)
    {
        _aes = new AesCtr(key);
        Refill();
    }

    public uint NextWord()
    {
        if (_position == _buffer.Length)
        {
            Refill();
        }

        uint word = BitConverter.ToUInt32(_buffer, _position);
        _position += sizeof(uint);
        return word;
    }

    /// <summary>Uniform in [0, bound), by rejection of the top partial range.</summary>
    public int NextInt(int bound)
    {
        uint limit = uint.MaxValue - (uint.MaxValue % (uint)bound);
        uint word;
        do
        {
            word = NextWord();
        }
        while (word >= limit);

        return (int)(word % (uint)bound);
    }

    /// <summary>A uniformly random permutation of 0 .. n-1 (Fisher-Yates).</summary>
    public int[] NextPermutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    /// <summary>n values each +1 or -1 with probability one half.</summary>
    public float[] NextSigns(int n)
    {
        var s = new float[n];
        for (int i = 0; i < n; i += 32)
        {
            uint bits = NextWord();
            for (int b = 0; b < 32 && i + b < n; b++)
            {
                s[i + b] = ((bits >> b) & 1) == 0 ? 1f : -1f;
            }
        }

        return s;
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal samples (the Box-Muller kernel, scalar width).</summary>
    public void NextGaussians(Span<float> destination)
    {
        int words = ((destination.Length + 31) / 32) * 16;
        var w = new uint[words];
        for (int i = 0; i < words; i++)
        {
            w[i] = NextWord();
        }

        var g = new float[2 * words];
        KernelSet.Get(KernelWidth.Scalar).Gaussians(w, g);
        g.AsSpan(0, destination.Length).CopyTo(destination);
    }

    public void Dispose()
    {
        _aes.Dispose();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_buffer);
    }

    private void Refill()
    {
        _aes.Generate(_counter, _buffer);
        ulong next = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_counter.AsSpan(8)) + (ulong)(_buffer.Length / AesCtr.BlockSize);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(_counter.AsSpan(8), next);
        _position = 0;
    }
}
