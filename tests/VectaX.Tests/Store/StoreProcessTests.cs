using System.Diagnostics;
using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>
/// The store file under real processes: the vectax tool run as child processes writing one store at once, and
/// killed with SIGKILL in the middle of an ingest.
/// </summary>
public sealed class StoreProcessTests : Cli.TempFolderTest
{
    private const int Dimension = 32;

    [Fact]
    public async Task Two_ingests_into_one_store_at_once_never_lose_points_silently()
    {
        string key = Keygen();
        string a = Vectors("a.fvecs", 20000, 1), b = Vectors("b.fvecs", 20000, 2);
        string store = Path("s.vxs");
        using Process first = Start("ingest", "--key", key, "--in", a, "--store", store);
        using Process second = Start("ingest", "--key", key, "--in", b, "--start-id", "100000", "--store", store);
        (int codeA, string errorA) = await Finish(first);
        (int codeB, string errorB) = await Finish(second);

        long expected = (codeA == 0 ? 20000 : 0) + (codeB == 0 ? 20000 : 0);
        Assert.True(expected > 0, $"neither ingest succeeded: {errorA} {errorB}");
        foreach ((int code, string error) in new[] { (codeA, errorA), (codeB, errorB) }.Where(r => r.Item1 != 0))
        {
            Assert.Contains("open for writing by another process", error, StringComparison.Ordinal);
        }

        using EmbeddedVectorStore stored = EmbeddedVectorStore.Load(store);
        Assert.Equal(expected, await stored.CountAsync("vectax"));
    }

    [Fact]
    public async Task A_kill_during_ingest_keeps_every_reported_point_and_the_file_opens()
    {
        string key = Keygen();
        string store = Path("s.vxs");
        string reported = Vectors("a.fvecs", 3000, 3);
        (int code, string error) = await Finish(Start("ingest", "--key", key, "--in", reported, "--store", store));
        Assert.True(code == 0, error);

        string more = Vectors("b.fvecs", 200000, 4);
        var random = new Random(1213);
        for (int round = 0; round < 3; round++)
        {
            long before = new FileInfo(store).Length;
            using Process ingest = Start("ingest", "--key", key, "--in", more, "--start-id", "1000000", "--overwrite", "--store", store);
            var watch = Stopwatch.StartNew();
            while (new FileInfo(store).Length <= before && watch.Elapsed < TimeSpan.FromSeconds(60) && !ingest.HasExited)
            {
                await Task.Delay(10);
            }

            await Task.Delay(random.Next(0, 400));
            ingest.Kill();
            await ingest.WaitForExitAsync();

            using EmbeddedVectorStore opened = EmbeddedVectorStore.Load(store);
            long count = await opened.CountAsync("vectax");
            Assert.True(count >= 3000, $"round {round}: {count} points, fewer than the 3000 reported");
            await AssertDecrypts(opened, key, reported, 0, 3000);
            long extra = count - 3000;
            Assert.True(extra % 256 == 0 || extra == 200000, $"round {round}: {extra} points of the killed ingest, not whole batches");
            await AssertDecrypts(opened, key, more, 1000000, (int)extra);
        }

        // The killed writers left no lock behind: the next writer opens at once.
        using EmbeddedVectorStore writer = EmbeddedVectorStore.Open(store);
    }

    private static async Task AssertDecrypts(EmbeddedVectorStore store, string keyPath, string vectorPath, ulong firstId, int rows)
    {
        using VectaXKey key = VectaXKey.Load(keyPath);
        using var ring = new KeyRing([key], key.KeyId);
        var collection = new EncryptedCollection(store, "vectax", ring);
        float[][] vectors = ReadFvecs(vectorPath);
        var random = new Random(rows);
        for (int i = 0; i < Math.Min(rows, 20); i++)
        {
            int row = random.Next(rows);
            SearchResults hits = await collection.SearchAsync(vectors[row], 1);
            Assert.Equal(firstId + (ulong)row, hits[0].Id);
            Assert.Equal(vectors[row], hits[0].Vector, (x, y) => Math.Abs(x - y) < 1e-3f);
        }
    }

    private string Keygen()
    {
        string key = Path("k.key");
        using VectaXKey k = VectaXKey.Generate(Dimension);
        k.Save(key);
        return key;
    }

    private string Vectors(string name, int rows, int seed)
    {
        string path = Path(name);
        var random = new Random(seed);
        using var w = new BinaryWriter(File.Create(path));
        for (int r = 0; r < rows; r++)
        {
            w.Write(Dimension);
            Array.ForEach(TestData.Gaussian(random, Dimension), w.Write);
        }

        return path;
    }

    private static float[][] ReadFvecs(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int rowBytes = 4 + (4 * Dimension);
        return [.. Enumerable.Range(0, bytes.Length / rowBytes).Select(r => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan((r * rowBytes) + 4, 4 * Dimension)).ToArray())];
    }

    /// <summary>The vectax tool as a child process, from its own build output of the tests' configuration.</summary>
    private static Process Start(params string[] args)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        string tool = System.IO.Path.Combine(repository, "src", "VectaX.Cli", "bin", output.Parent.Name, output.Name, "VectaX.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        args.ToList().ForEach(start.ArgumentList.Add);
        return Process.Start(start)!;
    }

    private static async Task<(int Code, string Error)> Finish(Process process)
    {
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        return (process.ExitCode, await error);
    }
}
