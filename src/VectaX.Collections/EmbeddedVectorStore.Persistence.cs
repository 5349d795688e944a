using VectaX.Collections.Embedded;

namespace VectaX.Collections;

/// <summary>The embedded store's file: opening without parsing every point, durable appends, compaction, the writer lock.</summary>
public sealed partial class EmbeddedVectorStore
{
    private readonly List<MappedFile> _mappings = [];
    private string? _path;
    private (long Length, DateTime Written) _loadedStamp;
    private StoreFileLock? _lock;
    private FileStream? _log;
    private long _fileRows;

    /// <summary>
    /// Opens (or creates) a store file for writing. The file is locked against other writers (waiting up to
    /// <paramref name="lockWait"/>, then a <see cref="StoreException"/>), and every write is flushed to disk before
    /// it returns, so an acknowledged write survives a crash. A version-1 file is converted on open.
    /// </summary>
    public static EmbeddedVectorStore Open(string path, TimeSpan lockWait = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var store = new EmbeddedVectorStore { _path = Path.GetFullPath(path) };
        try
        {
            // A file that is not a store is refused before the lock file is created beside it.
            if (File.Exists(store._path))
            {
                IsLegacy(store._path);
            }

            store._lock = StoreFileLock.Acquire(store._path, lockWait);
            if (!File.Exists(store._path))
            {
                store.WriteSnapshot(store._path);
            }

            (bool legacy, long validLength) = store.Attach(store._path);
            if (legacy)
            {
                store.WriteSnapshot(store._path);
                validLength = new FileInfo(store._path).Length;
                store._fileRows = store._collections.Values.Sum(c => (long)c.Count);
            }

            store.OpenLog(validLength);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a store file without taking the writer's lock: the vectors are mapped, not copied, and payloads are
    /// read when a point is returned. Changes stay in memory until <see cref="Save"/>. A truncated, damaged or foreign
    /// file is a <see cref="StoreException"/>; a last write cut short by a crash is left out.
    /// </summary>
    public static EmbeddedVectorStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var store = new EmbeddedVectorStore { _path = Path.GetFullPath(path) };
        try
        {
            if (!File.Exists(store._path))
            {
                throw new StoreException($"The store file '{path}' does not exist.");
            }

            store._loadedStamp = Stamp(store._path);
            store.Attach(store._path);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes every collection to <paramref name="path"/> as one compact file, replaced atomically. The file's writer
    /// lock is taken for the write; saving over the file this store was loaded from is refused if another process
    /// changed it since, rather than lose that process's writes.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (_log is not null && full == _path)
        {
            Compact();
            return;
        }

        using StoreFileLock fileLock = StoreFileLock.Acquire(full, TimeSpan.Zero);
        Write(() =>
        {
            if (full == _path && File.Exists(full) && Stamp(full) != _loadedStamp)
            {
                throw new StoreException($"'{path}' changed since it was loaded (another process wrote to it); saving would lose those writes. Open it with EmbeddedVectorStore.Open to write to it.");
            }

            WriteSnapshot(full);
            if (full == _path)
            {
                _loadedStamp = Stamp(full);
            }
        });
    }

    /// <summary>Rewrites the open store file with only its live points (a writer's file grows with every replaced or deleted point until then).</summary>
    public void Compact() => Write(() =>
    {
        string path = _path is not null && _log is not null ? _path : throw new InvalidOperationException("Only a store opened for writing with Open has a file to compact.");
        _log.Dispose();
        _log = null;
        WriteSnapshot(path);
        _fileRows = _collections.Values.Sum(c => (long)c.Count);
        OpenLog(new FileInfo(path).Length);
    });

    /// <summary>Compacts when at least half the rows in the open store file are superseded or deleted; true if it did.</summary>
    public bool CompactIfWasteful()
    {
        bool wasteful = Read(() => _log is not null && _fileRows > 0 && _fileRows >= 2 * _collections.Values.Sum(c => (long)c.Count));
        if (wasteful)
        {
            Compact();
        }

        return wasteful;
    }

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, info.LastWriteTimeUtc);
    }

    /// <summary>Reads a store file into this store; true if it was version 1 (read whole into memory).</summary>
    private unsafe (bool Legacy, long ValidLength) Attach(string path)
    {
        if (IsLegacy(path))
        {
            foreach ((string name, int dimension, List<StoredPoint> points) in LegacyStoreFile.Read(path))
            {
                var c = new EmbeddedCollection(dimension);
                if (points.Count > 0)
                {
                    c.Add(SegmentBuilder.From(points, dimension));
                }

                _collections[name] = c;
            }

            return (true, new FileInfo(path).Length);
        }

        MappedFile mapped = MappedFile.Open(path);
        _mappings.Add(mapped);
        (List<StoreRecord> records, long validLength) = new StoreFileReader(path, mapped.Pointer, mapped.Length).Read();

        // Size each id index once: growing a million-entry dictionary step by step costs more than filling it.
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (StoreRecord record in records.Where(r => r.Points is not null))
        {
            rows[record.Collection] = rows.GetValueOrDefault(record.Collection) + record.Points!.Count;
        }

        foreach (StoreRecord record in records)
        {
            Apply(path, record, rows);
        }

        return (false, validLength);
    }

    /// <summary>True for a version-1 file, false for the current format; anything else is a <see cref="StoreException"/>.</summary>
    private static bool IsLegacy(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int read = probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        return read == 4 && magic.SequenceEqual(StoreFileFormat.LegacyMagic) ? true
            : read == 4 && magic.SequenceEqual(StoreFileFormat.Magic) ? false
            : throw new StoreException($"'{path}' is not a VectaX store file.");
    }

    private void Apply(string path, StoreRecord record, Dictionary<string, int> rows)
    {
        if (record.Kind == RecordKind.Collection)
        {
            if (_collections.TryGetValue(record.Collection, out EmbeddedCollection? existing) && existing.Dimension != record.Dimension)
            {
                throw new StoreException($"'{path}' is damaged: collection '{record.Collection}' is declared with two dimensions.");
            }

            _collections.TryAdd(record.Collection, new EmbeddedCollection(record.Dimension, rows.GetValueOrDefault(record.Collection)));
            return;
        }

        if (!_collections.TryGetValue(record.Collection, out EmbeddedCollection? c))
        {
            throw new StoreException($"'{path}' is damaged: it holds points of collection '{record.Collection}' before declaring it.");
        }

        if (record.Points is { } points)
        {
            if (points.Dimension != c.Dimension)
            {
                throw new StoreException($"'{path}' is damaged: points of dimension {points.Dimension} in collection '{record.Collection}' of dimension {c.Dimension}.");
            }

            c.Add(points);
            _fileRows += points.Count;
        }
        else
        {
            c.Delete(record.Deleted!);
        }
    }

    /// <summary>Every live point to <paramref name="path"/>, through a temporary file flushed to disk and renamed over it.</summary>
    private void WriteSnapshot(string path)
    {
        using var file = new AtomicFile(path);
        RecordWriter.WriteFileHeader(file.Stream);
        foreach ((string name, EmbeddedCollection c) in _collections)
        {
            RecordWriter.WriteCollection(file.Stream, name, c.Dimension);
            int rowsPerRecord = Math.Max(1, StoreFileFormat.FloatsPerCompactedRecord / c.Dimension);
            SegmentBuilder? builder = null;
            foreach ((Segment segment, int row) in c.LiveRows())
            {
                builder ??= new SegmentBuilder(c.Dimension, Math.Min(rowsPerRecord, c.Count));
                builder.Add(segment, row);
                if (builder.Count == rowsPerRecord)
                {
                    RecordWriter.WritePoints(file.Stream, name, builder.Build());
                    builder = null;
                }
            }

            if (builder is not null)
            {
                RecordWriter.WritePoints(file.Stream, name, builder.Build());
            }
        }

        file.Stream.Flush(flushToDisk: true);
        file.Commit();
    }

    private void OpenLog(long validLength)
    {
        _log = new FileStream(_path!, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

        // A record a crash cut short is dropped, so the next append follows the last whole record.
        if (_log.Length != validLength)
        {
            _log.SetLength(validLength);
        }

        _log.Seek(0, SeekOrigin.End);
    }

    /// <summary>Appends one record and flushes it to disk (a no-op for a store without a file); a failed append is cut off again.</summary>
    private void Append(Action<Stream> write)
    {
        if (_log is null)
        {
            return;
        }

        long end = _log.Position;
        try
        {
            write(_log);
            _log.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            _log.SetLength(end);
            throw new StoreException($"Writing to '{_path}' failed: {e.Message}", e);
        }
    }

    private void CloseFile()
    {
        _log?.Dispose();
        _lock?.Dispose();
        foreach (MappedFile mapped in _mappings)
        {
            mapped.Dispose();
        }

        _mappings.Clear();
    }
}
