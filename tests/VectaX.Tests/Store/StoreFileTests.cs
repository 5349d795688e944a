using System.Globalization;
using System.Text;
using VectaX.Collections;

namespace VectaX.Tests.Store;

/// <summary>The embedded store's file: persistence, the old format, malformed files, the one-writer lock.</summary>
public sealed class StoreFileTests : Cli.TempFolderTest
{
    private static StoredPoint Point(ulong id, float[] v, params string[] tags) =>
        new(id, v, new Dictionary<string, string> { ["n"] = id.ToString(CultureInfo.InvariantCulture) }, tags);

    [Fact]
    public async Task A_saved_store_loads_back_whole_and_a_foreign_file_is_refused()
    {
        string path = Path("s.vxs");
        using (var store = new EmbeddedVectorStore())
        {
            await store.EnsureCollectionAsync("c", 3);
            await store.UpsertAsync("c", [Point(7, [1, 2, 3], "t1", "t2"), Point(8, [4, 5, 6])]);
            store.Save(path);
        }

        using (EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(path))
        {
            StoredPoint p = (await loaded.RetrieveAsync("c", [7]))[0];
            Assert.Equal(new[] { 1f, 2f, 3f }, p.Vector);
            Assert.Equal(new[] { "t1", "t2" }, p.AccessTags);
            Assert.Equal("7", p.Payload["n"]);
            Assert.Equal(2, await loaded.CountAsync("c"));
        }

        File.WriteAllBytes(path, "not a store"u8.ToArray());
        Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
        File.WriteAllBytes(path, []);
        Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
        Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(Path("missing.vxs")));
    }

    [Fact]
    public void Saving_into_a_missing_folder_names_the_file_not_a_temporary_one()
    {
        string path = System.IO.Path.Combine(Folder, "missing", "s.vxs");

        IOException e = Assert.Throws<IOException>(() => new EmbeddedVectorStore().Save(path));

        Assert.Equal($"Cannot write '{path}': the folder '{System.IO.Path.GetDirectoryName(path)}' does not exist.", e.Message);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(7, 8)]
    public async Task Points_records_of_any_dimension_and_count_read_back(int dimension, int count)
    {
        string path = Path($"d{dimension}c{count}.vxs");
        var random = new Random(dimension * 100 + count);
        StoredPoint[] points = [.. Enumerable.Range(0, count).Select(i => Point((ulong)i, TestData.Gaussian(random, dimension), "t" + (i % 2)))];
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            await writer.EnsureCollectionAsync("c", dimension);
            await writer.UpsertAsync("c", points);
            await writer.UpsertAsync("c", points[..1]);
        }

        using EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(path);
        (IReadOnlyList<StoredPoint> page, _) = await loaded.ScrollAsync("c", null, 100);
        Assert.Equal(points.Select(p => p.Id), page.Select(p => p.Id));
        Assert.All(page, p => Assert.Equal(points[(int)p.Id].Vector, p.Vector));
        Assert.All(page, p => Assert.Equal(points[(int)p.Id].AccessTags, p.AccessTags));
        Assert.All(page, p => Assert.Equal(points[(int)p.Id].Payload["n"], p.Payload["n"]));
    }

    [Fact]
    public async Task Every_acknowledged_write_of_a_writer_is_in_the_file_without_a_save()
    {
        string path = Path("w.vxs");
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            await writer.EnsureCollectionAsync("c", 2);
            await writer.UpsertAsync("c", [Point(1, [1, 1]), Point(2, [2, 2], "x")]);
            await writer.UpsertAsync("c", [Point(3, [3, 3])]);
            await writer.UpsertAsync("c", [Point(1, [9, 9])]);
            await writer.DeleteAsync("c", [2]);

            // Another process reading now sees what was acknowledged: no Save, no Dispose.
            using EmbeddedVectorStore reader = EmbeddedVectorStore.Load(path);
            Assert.Equal(2, await reader.CountAsync("c"));
            Assert.Equal(new[] { 9f, 9f }, (await reader.RetrieveAsync("c", [1]))[0].Vector);
            Assert.Empty(await reader.RetrieveAsync("c", [2]));
        }

        long before = new FileInfo(path).Length;
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            Assert.True(writer.CompactIfWasteful());
            Assert.True(new FileInfo(path).Length < before);
            await writer.UpsertAsync("c", [Point(4, [4, 4])]);
        }

        using EmbeddedVectorStore after = EmbeddedVectorStore.Load(path);
        (IReadOnlyList<StoredPoint> page, _) = await after.ScrollAsync("c", null, 10);
        Assert.Equal(new ulong[] { 1, 3, 4 }, page.Select(p => p.Id));
    }

    [Fact]
    public async Task A_second_writer_is_refused_at_once_or_waits_for_the_first()
    {
        string path = Path("l.vxs");
        EmbeddedVectorStore first = EmbeddedVectorStore.Open(path);
        var refused = Assert.Throws<StoreException>(() => EmbeddedVectorStore.Open(path));
        Assert.Contains("open for writing by another process", refused.Message, StringComparison.Ordinal);

        Task<EmbeddedVectorStore> waiting = Task.Run(() => EmbeddedVectorStore.Open(path, TimeSpan.FromSeconds(30)));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        using EmbeddedVectorStore second = await waiting;
        await second.EnsureCollectionAsync("c", 2);
    }

    [Fact]
    public async Task Saving_over_a_file_another_writer_changed_since_load_is_refused()
    {
        string path = Path("r.vxs");
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            await writer.EnsureCollectionAsync("c", 2);
        }

        using EmbeddedVectorStore view = EmbeddedVectorStore.Load(path);
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            await writer.UpsertAsync("c", [Point(1, [1, 1])]);
        }

        await view.UpsertAsync("c", [Point(2, [2, 2])]);
        Assert.Throws<StoreException>(() => view.Save(path));
        using EmbeddedVectorStore check = EmbeddedVectorStore.Load(path);
        Assert.Equal(1, await check.CountAsync("c"));
    }

    [Fact]
    public async Task A_version_1_file_is_read_and_a_writer_converts_it()
    {
        string path = Path("v1.vxs");
        File.WriteAllBytes(path, LegacyFile(("c", 3, [Point(5, [1, 2, 3], "a"), Point(6, [4, 5, 6])])));

        using (EmbeddedVectorStore loaded = EmbeddedVectorStore.Load(path))
        {
            StoredPoint p = (await loaded.RetrieveAsync("c", [5]))[0];
            Assert.Equal(new[] { 1f, 2f, 3f }, p.Vector);
            Assert.Equal(["a"], p.AccessTags);
            Assert.Equal("5", p.Payload["n"]);
        }

        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            Assert.Equal(2, await writer.CountAsync("c"));
        }

        Assert.Equal("VXS2"u8.ToArray(), File.ReadAllBytes(path)[..4]);
        using EmbeddedVectorStore converted = EmbeddedVectorStore.Load(path);
        Assert.Equal(new[] { 4f, 5f, 6f }, (await converted.RetrieveAsync("c", [6]))[0].Vector);
    }

    [Theory]
    [InlineData(int.MaxValue, 4, 1)] // a dimension that would allocate 8 GiB per point
    [InlineData(4, int.MaxValue, 1)] // a point count beyond the bytes left
    [InlineData(4, 1, int.MaxValue)] // a tag count that would allocate a 16 GiB array
    public void A_tiny_version_1_file_with_huge_counts_is_refused_without_allocating_them(int dimension, int count, int tags)
    {
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes))
        {
            w.Write("VXS1"u8);
            w.Write(1);
            w.Write("c");
            w.Write(dimension);
            w.Write(count);
            w.Write(1UL);
            w.Write(new byte[16]);
            w.Write(0);
            w.Write(tags);
        }

        string path = Path("tiny.vxs");
        File.WriteAllBytes(path, bytes.ToArray());
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<StoreException>(() => EmbeddedVectorStore.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 4 << 20, "Load allocated more than 4 MiB for a tiny file.");
    }

    [Fact]
    public async Task Truncated_or_flipped_files_open_with_whole_records_only_or_fail_with_a_store_exception()
    {
        string path = Path("f.vxs");
        var versions = new Dictionary<ulong, List<StoredPoint>>();
        var random = new Random(1212);
        using (EmbeddedVectorStore writer = EmbeddedVectorStore.Open(path))
        {
            await writer.EnsureCollectionAsync("a", 3);
            await writer.EnsureCollectionAsync("b", 5);
            for (int batch = 0; batch < 4; batch++)
            {
                var points = Enumerable.Range(0, 5).Select(i => Point((ulong)((batch * 3) + i), TestData.Gaussian(random, 3), i % 2 == 0 ? "even" : "odd", "t" + batch)).ToList();
                await writer.UpsertAsync("a", points);
                points.ForEach(p => (versions.TryGetValue(p.Id, out var list) ? list : versions[p.Id] = []).Add(p));
            }

            StoredPoint other = Point(100, TestData.Gaussian(random, 5));
            await writer.UpsertAsync("b", [other]);
            versions[100] = [other];
            await writer.DeleteAsync("a", [4]);
        }

        byte[] valid = File.ReadAllBytes(path);
        string probe = Path("probe.vxs");
        using (EmbeddedVectorStore whole = EmbeddedVectorStore.Load(path))
        {
            Assert.Equal(versions.Count - 2, await whole.CountAsync("a"));
            Assert.True(await OpensWithKnownPointsOrRefuses(path, versions));
        }

        int opened = 0;
        for (int length = 0; length < valid.Length; length++)
        {
            File.WriteAllBytes(probe, valid[..length]);
            opened += await OpensWithKnownPointsOrRefuses(probe, versions) ? 1 : 0;
        }

        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] damaged = (byte[])valid.Clone();
            for (int flips = 1 + (trial % 3); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            File.WriteAllBytes(probe, damaged);
            opened += await OpensWithKnownPointsOrRefuses(probe, versions) ? 1 : 0;
        }

        Assert.True(opened > 0, "no truncation opened: the torn-tail rule was never exercised");
    }

    /// <summary>True if the file opened; then every point it yields is one that was written, unaltered.</summary>
    private static async Task<bool> OpensWithKnownPointsOrRefuses(string path, Dictionary<ulong, List<StoredPoint>> versions)
    {
        EmbeddedVectorStore store;
        try
        {
            store = EmbeddedVectorStore.Load(path);
        }
        catch (StoreException)
        {
            return false;
        }

        using (store)
        {
            foreach (string c in new[] { "a", "b" })
            {
                try
                {
                    await store.CountAsync(c);
                }
                catch (StoreException)
                {
                    continue; // that collection's record was cut off
                }

                (IReadOnlyList<StoredPoint> page, _) = await store.ScrollAsync(c, null, 1000);
                foreach (StoredPoint p in page)
                {
                    Assert.Contains(versions[p.Id], v => v.Vector.SequenceEqual(p.Vector) && v.AccessTags.SequenceEqual(p.AccessTags) && v.Payload["n"] == p.Payload["n"]);
                }

                float[] query = new float[c == "a" ? 3 : 5];
                await store.QueryAsync(c, query, 3, ["even"]);
            }
        }

        return true;
    }

    /// <summary>A store file in the first format, as its writer laid it out.</summary>
    private static byte[] LegacyFile(params (string Name, int Dimension, StoredPoint[] Points)[] collections)
    {
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, Encoding.UTF8))
        {
            w.Write("VXS1"u8);
            w.Write(collections.Length);
            foreach ((string name, int dimension, StoredPoint[] points) in collections)
            {
                w.Write(name);
                w.Write(dimension);
                w.Write(points.Length);
                foreach (StoredPoint p in points)
                {
                    w.Write(p.Id);
                    Array.ForEach(p.Vector, w.Write);
                    w.Write(p.Payload.Count);
                    foreach ((string key, string value) in p.Payload)
                    {
                        w.Write(key);
                        w.Write(value);
                    }

                    w.Write(p.AccessTags.Count);
                    foreach (string tag in p.AccessTags)
                    {
                        w.Write(tag);
                    }
                }
            }
        }

        return bytes.ToArray();
    }
}
