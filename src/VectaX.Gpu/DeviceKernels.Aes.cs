using ILGPU;

namespace VectaX.Gpu;

/// <summary>Device kernels. These run on CUDA, OpenCL or ILGPU's CPU accelerator.</summary>
internal static partial class DeviceKernels
{
    /// <summary>
    /// One AES-256-CTR block per thread: block b of row r is AES(iv_r + b) with a 128-bit big-endian counter, the
    /// CPU engine's keystream, stored as the little-endian words the CPU engine reads. The round tables are the
    /// T-table form of AES; their lookups are data-dependent, a side channel on shared hardware (docs/SECURITY.md).
    /// </summary>
    public static void Keystream(Index1D index, ArrayView<uint> ivWords, ArrayView<uint> roundKeys, ArrayView<uint> tables, ArrayView<uint> keystream, int blocksPerRow)
    {
        long row = index.X / blocksPerRow;
        uint block = (uint)(index.X % blocksPerRow);
        ulong hi = ((ulong)ivWords[(row * 4) + 0] << 32) | ivWords[(row * 4) + 1];
        ulong lo = ((ulong)ivWords[(row * 4) + 2] << 32) | ivWords[(row * 4) + 3];
        ulong next = lo + block;
        if (next < lo)
        {
            hi++;
        }

        uint s0 = (uint)(hi >> 32) ^ roundKeys[0];
        uint s1 = (uint)hi ^ roundKeys[1];
        uint s2 = (uint)(next >> 32) ^ roundKeys[2];
        uint s3 = (uint)next ^ roundKeys[3];
        for (int r = 1; r < 14; r++)
        {
            uint t0 = Mix(tables, s0, s1, s2, s3) ^ roundKeys[(4 * r) + 0];
            uint t1 = Mix(tables, s1, s2, s3, s0) ^ roundKeys[(4 * r) + 1];
            uint t2 = Mix(tables, s2, s3, s0, s1) ^ roundKeys[(4 * r) + 2];
            uint t3 = Mix(tables, s3, s0, s1, s2) ^ roundKeys[(4 * r) + 3];
            s0 = t0;
            s1 = t1;
            s2 = t2;
            s3 = t3;
        }

        long at = index.X * 4L;
        keystream[at + 0] = Swap(Last(tables, s0, s1, s2, s3) ^ roundKeys[56]);
        keystream[at + 1] = Swap(Last(tables, s1, s2, s3, s0) ^ roundKeys[57]);
        keystream[at + 2] = Swap(Last(tables, s2, s3, s0, s1) ^ roundKeys[58]);
        keystream[at + 3] = Swap(Last(tables, s3, s0, s1, s2) ^ roundKeys[59]);
    }

    private static uint Mix(ArrayView<uint> t, uint a, uint b, uint c, uint d) =>
        t[(int)(a >> 24)] ^ t[256 + (int)((b >> 16) & 0xFF)] ^ t[512 + (int)((c >> 8) & 0xFF)] ^ t[768 + (int)(d & 0xFF)];

    private static uint Last(ArrayView<uint> t, uint a, uint b, uint c, uint d) =>
        (t[1024 + (int)(a >> 24)] << 24) | (t[1024 + (int)((b >> 16) & 0xFF)] << 16) | (t[1024 + (int)((c >> 8) & 0xFF)] << 8) | t[1024 + (int)(d & 0xFF)];

    private static uint Swap(uint x) => (x >> 24) | ((x >> 8) & 0xFF00) | ((x << 8) & 0xFF0000) | (x << 24);
}
