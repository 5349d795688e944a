using System.Security.Cryptography;

namespace VectaX.Benchmarks;

/// <summary>
/// The baseline: the same scheme written plainly — scalar loops, in-box AES-ECB on fresh counter arrays,
/// double-precision Box-Muller with Math.Log/Cos/Sin, a fresh HMAC buffer per call. Same work, no engineering.
/// </summary>
public sealed class NaiveScheme : IDisposable
{
    private readonly int _d;
    private readonly TransformKind _kind;
    private readonly int[][] _perm = new int[3][];
    private readonly float[][] _sign = new float[3][];
    private readonly float[,] _dense;
    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _tagKey = new byte[32];
    private readonly float _scale = 1f;
    private readonly double _radius = 0.025;

    public NaiveScheme(int d, TransformKind kind)
    {
        _d = d;
        _kind = kind;
        var random = new Random(1);
        for (int r = 0; r < 3; r++)
        {
            _perm[r] = Enumerable.Range(0, d).OrderBy(_ => random.Next()).ToArray();
            _sign[r] = Enumerable.Range(0, d).Select(_ => random.Next(2) == 0 ? 1f : -1f).ToArray();
        }

        _dense = new float[kind == TransformKind.Dense ? d : 0, kind == TransformKind.Dense ? d : 0];
        for (int i = 0; i < _dense.GetLength(0); i++)
        {
            for (int j = 0; j < d; j++)
            {
                _dense[i, j] = (float)(random.NextDouble() - 0.5);
            }
        }

        byte[] key = new byte[32];
        random.NextBytes(key);
        _aes.Key = key;
        random.NextBytes(_tagKey);
    }

    public (float[] Ciphertext, byte[] Tag) Encrypt(float[] v, byte[] iv)
    {
        float[] y = _kind == TransformKind.Fast ? Fast(v) : Dense(v);
        double[] noise = Noise(iv);
        var c = new float[_d];
        for (int i = 0; i < _d; i++)
        {
            c[i] = (float)((_scale * y[i]) + noise[i]);
        }

        byte[] message = new byte[iv.Length + (4 * _d)];
        iv.CopyTo(message, 0);
        Buffer.BlockCopy(c, 0, message, iv.Length, 4 * _d);
        using var hmac = new HMACSHA256(_tagKey);
        return (c, hmac.ComputeHash(message)[..16]);
    }

    public void Dispose() => _aes.Dispose();

    private float[] Fast(float[] v)
    {
        float[] x = (float[])v.Clone();
        int n = 1 << (31 - int.LeadingZeroCount(_d));
        for (int r = 0; r < 3; r++)
        {
            var t = new float[_d];
            for (int i = 0; i < _d; i++)
            {
                t[i] = x[_perm[r][i]] * _sign[r][i];
            }

            Walsh(t, 0, n);
            if (n < _d)
            {
                Walsh(t, _d - n, n);
            }

            x = t;
        }

        return x;
    }

    private static void Walsh(float[] a, int start, int n)
    {
        for (int h = 1; h < n; h *= 2)
        {
            for (int i = start; i < start + n; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    float x = a[j], y = a[j + h];
                    a[j] = x + y;
                    a[j + h] = x - y;
                }
            }
        }

        for (int i = start; i < start + n; i++)
        {
            a[i] /= MathF.Sqrt(n);
        }
    }

    private float[] Dense(float[] v)
    {
        var y = new float[_d];
        for (int i = 0; i < _d; i++)
        {
            float s = 0;
            for (int j = 0; j < _d; j++)
            {
                s += _dense[i, j] * v[j];
            }

            y[i] = s;
        }

        return y;
    }

    private double[] Noise(byte[] iv)
    {
        int blocks = ((_d + 3) / 4) + 1;
        byte[] counters = new byte[blocks * 16];
        for (int b = 0; b < blocks; b++)
        {
            iv.CopyTo(counters, b * 16);
            counters[(b * 16) + 15] ^= (byte)b;
            counters[(b * 16) + 14] ^= (byte)(b >> 8);
        }

        byte[] stream = _aes.EncryptEcb(counters, PaddingMode.None);
        var g = new double[_d];
        double norm = 0;
        for (int i = 0; i < _d; i++)
        {
            uint w = BitConverter.ToUInt32(stream, 4 * i);
            double u1 = ((w & 0xFFFF) + 1) / 65536.0, u2 = (w >> 16) / 65536.0;
            g[i] = Math.Sqrt(-2 * Math.Log(u1)) * (i % 2 == 0 ? Math.Cos(2 * Math.PI * u2) : Math.Sin(2 * Math.PI * u2));
            norm += g[i] * g[i];
        }

        double radius = _radius * Math.Pow(BitConverter.ToUInt32(stream, stream.Length - 16) / 4294967296.0, 1.0 / _d);
        for (int i = 0; i < _d; i++)
        {
            g[i] *= radius / Math.Sqrt(norm);
        }

        return g;
    }
}
