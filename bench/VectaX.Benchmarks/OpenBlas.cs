using System.Runtime.InteropServices;

namespace VectaX.Benchmarks;

/// <summary>OpenBLAS's cblas_sgemm, loaded by the benchmark alone (Debian: apt-get install libopenblas0-pthread).</summary>
internal static partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";

    public const int RowMajor = 101;
    public const int NoTrans = 111;

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    public static unsafe partial void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetThreads(int threads);

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    public static partial IntPtr CoreName();
}
