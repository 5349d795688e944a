using ILGPU;

namespace VectaX.Gpu;

internal static partial class DeviceKernels
{
    /// <summary>Largest tile side: 16 x 16 = 256 threads a group on a GPU; smaller where the device allows fewer.</summary>
    public const int MaxTile = 16;

    /// <summary>
    /// c = a * b (row-major; rows x inner times inner x columns), tiled: each tile x tile group stages a tile of a
    /// and of b in dynamic shared memory, then every thread accumulates its output over the tile, in index order.
    /// </summary>
    public static void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int rows, int inner, int columns, int tile)
    {
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        ArrayView<float> tileA = shared.SubView(0, tile * tile);
        ArrayView<float> tileB = shared.SubView(tile * tile, tile * tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int column = (Grid.IdxX * tile) + tx;
        int row = (Grid.IdxY * tile) + ty;
        float sum = 0;
        for (int t = 0; t < inner; t += tile)
        {
            tileA[(ty * tile) + tx] = row < rows && t + tx < inner ? a[((long)row * inner) + t + tx] : 0f;
            tileB[(ty * tile) + tx] = t + ty < inner && column < columns ? b[((long)(t + ty) * columns) + column] : 0f;
            Group.Barrier();
            for (int k = 0; k < tile; k++)
            {
                sum += tileA[(ty * tile) + k] * tileB[(k * tile) + tx];
            }

            Group.Barrier();
        }

        if (row < rows && column < columns)
        {
            c[((long)row * columns) + column] = sum;
        }
    }
}
