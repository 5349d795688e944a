using System.Diagnostics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace VectaX.Gpu;

/// <summary>
/// Batch encryption and decryption on a GPU with ILGPU: the same key, format and ciphertexts as
/// <see cref="VectorCipher"/> up to float rounding, so either side decrypts the other's output. The transform,
/// the AES-CTR noise keystream, the Box-Muller noise and the scale-add run on the device; tags (POLYVAL and one
/// AES block) on the CPU cores, each row tagged as it is copied out of staging. Batches larger than the memory budget
/// run in chunks on two streams with page-locked host staging, so one chunk's transfers overlap the other's kernels
/// and the host's staging and tags overlap both. A GpuCipher always has a device: without one it is an
/// <see cref="AcceleratorUnavailableException"/>, and <see cref="BatchEngine.Open"/> picks the CPU engine instead.
/// Everything it knows of the key comes from the key's <see cref="DevicePlan"/>; the batch semantics are
/// <see cref="DeviceBatchCipher"/>'s, shared with the CPU engine.
/// </summary>
public sealed class GpuCipher : DeviceBatchCipher
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<uint, Stride1D.Dense> _roundKeys;
    private readonly MemoryBuffer1D<uint, Stride1D.Dense> _tables;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? _forwardPermutations, _inversePermutations;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _forwardSigns, _inverseSigns, _forwardMatrix, _inverseMatrix;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int> _keystream;
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<uint>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, double, int, int> _noise;
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, float, int, int, int>? _fast;
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>? _gemm;
    private readonly int _tile;
    private readonly long _budget;
    private readonly float _scale;
    private readonly double _radius;
    private readonly int _directionWords;
    private readonly int _keystreamBytes;
    private readonly int _block;
    private readonly float _normaliser;
    private readonly bool _split;
    private readonly int _rowThreads;
    private readonly bool _sharedRows;
    private readonly object _gate = new();
    private LanePair? _lanes;
    private bool _disposed;

    private const int CounterRange = 4096;

    /// <summary>Builds the cipher for <paramref name="key"/> on <paramref name="backend"/>; <paramref name="memoryBudgetBytes"/> caps device memory per chunk (0: half the device, at most 1 GiB).</summary>
    public GpuCipher(VectaXKey key, GpuBackend backend = GpuBackend.Auto, long memoryBudgetBytes = 0)
        : this(key, backend, memoryBudgetBytes, keepTimeline: false)
    {
    }

    /// <summary>Runs <paramref name="cipher"/>'s batches on <paramref name="backend"/>, borrowing the cipher (its transform is not built again): dispose this first.</summary>
    public GpuCipher(VectorCipher cipher, GpuBackend backend = GpuBackend.Auto, long memoryBudgetBytes = 0)
        : this(cipher, ownsCipher: false, backend, memoryBudgetBytes, keepTimeline: false)
    {
    }

    /// <summary>As the public constructor for a key; <paramref name="keepTimeline"/> records each batch's per-chunk device times in <see cref="Timeline"/>.</summary>
    internal GpuCipher(VectaXKey key, GpuBackend backend, long memoryBudgetBytes, bool keepTimeline)
        : this(new VectorCipher(key), ownsCipher: true, backend, memoryBudgetBytes, keepTimeline)
    {
    }

    private GpuCipher(VectorCipher cipher, bool ownsCipher, GpuBackend backend, long memoryBudgetBytes, bool keepTimeline)
        : base(cipher, ownsCipher)
    {
        try
        {
            (_context, _accelerator, Backend) = Select(backend, keepTimeline);
        }
        catch
        {
            base.Dispose(disposing: true);
            throw;
        }

        // From here a failure (an allocation, a kernel load) zeroes and frees what the device already holds, the
        // accelerator and context, and the CPU cipher when this built it, before the exception leaves.
        try
        {
            Timeline = keepTimeline ? [] : null;
            _budget = memoryBudgetBytes > 0 ? memoryBudgetBytes : Math.Min(_accelerator.MemorySize / 2, 1L << 30);
            using DevicePlan plan = CreatePlan();
            _scale = plan.Scale;
            _radius = plan.NoiseRadius;
            _directionWords = plan.DirectionWords;
            _keystreamBytes = plan.KeystreamBytes;
            uint[] roundKeys = AesTables.ExpandKey(plan.NoiseKey);
            try
            {
                _roundKeys = _accelerator.Allocate1D(roundKeys);
            }
            finally
            {
                Array.Clear(roundKeys);
            }

            _tables = _accelerator.Allocate1D(AesTables.Build());
            _keystream = _accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int>(DeviceKernels.Keystream);
            _noise = _accelerator.LoadKernel<ArrayView<uint>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, double, int, int>(DeviceKernels.Noise);
            _rowThreads = Math.Min(256, _accelerator.MaxNumThreadsPerGroup);
            _sharedRows = Dimension <= DeviceKernels.SharedRowLimit && ((2L * Dimension) + 18) * sizeof(float) <= _accelerator.MaxSharedMemoryPerGroup;

            switch (plan.Transform)
            {
                case TransformKind.Fast:
                    _block = plan.HadamardBlock;
                    _normaliser = plan.HadamardNormaliser;
                    _forwardPermutations = Upload(plan.ForwardPermutations);
                    _forwardSigns = Upload(plan.ForwardSigns);
                    _inversePermutations = Upload(plan.InversePermutations);
                    _inverseSigns = Upload(plan.InverseSigns);
                    _split = plan.Revision == TransformRevision.SplitHadamard;
                    _fast = _accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, float, int, int, int>(DeviceKernels.Fast);
                    break;
                case TransformKind.Dense:
                    _forwardMatrix = Upload(plan.ForwardMatrix);
                    _inverseMatrix = Upload(plan.InverseMatrix);
                    _gemm = _accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(DeviceKernels.Gemm);
                    _tile = Math.Min(DeviceKernels.MaxTile, (int)Math.Sqrt(_accelerator.MaxNumThreadsPerGroup));
                    break;
            }
        }
        catch (Exception failure)
        {
            try
            {
                Dispose(disposing: true);
            }
            catch (Exception cleanup)
            {
                throw new AggregateException(failure, cleanup);
            }

            throw;
        }
    }

    /// <summary>The last batch's chunks on the device, when the cipher was built to keep them.</summary>
    internal List<ChunkTiming>? Timeline { get; }

    /// <summary>The last batch's host side: waiting for the device, draining results (with an encrypt's tags), staging inputs.</summary>
    internal HostTiming HostTimes { get; private set; }

    /// <summary>Where batches run.</summary>
    public GpuBackend Backend { get; }

    /// <summary>The device's name.</summary>
    public override string EngineName => _accelerator.Name;

    /// <summary>Revisions 0 to 2: the kernel follows the round tables, or its own path for <see cref="TransformRevision.SplitHadamard"/>.</summary>
    protected override bool Computes(TransformRevision revision) =>
        revision is TransformRevision.Original or TransformRevision.SingleGather or TransformRevision.SplitHadamard;

    /// <inheritdoc/>
    protected override void RunEncrypt(ReadOnlyMemory<float> plaintexts, ReadOnlyMemory<byte> ivs, Action<int, int, ReadOnlyMemory<float>> sealRows) =>
        RunChunks(plaintexts, ivs, default, decrypt: false, sealRows);

    /// <inheritdoc/>
    protected override void RunDecrypt(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> ivs, Memory<float> plaintexts) =>
        RunChunks(ciphertexts, ivs, plaintexts, decrypt: true, drained: null);

    /// <summary>Frees the device and zeroes the key material it holds; waits for a batch in progress on another thread.</summary>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed || !disposing)
            {
                return;
            }

            _disposed = true;
            // The buffers are null here when the constructor failed before allocating them.
            using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
            _roundKeys?.MemSetToZero();
            _forwardMatrix?.MemSetToZero();
            _inverseMatrix?.MemSetToZero();
            _accelerator.Synchronize();
            _lanes?.Dispose();
            foreach (IDisposable? buffer in new IDisposable?[] { _roundKeys, _tables, _forwardPermutations, _inversePermutations, _forwardSigns, _inverseSigns, _forwardMatrix, _inverseMatrix })
            {
                buffer?.Dispose();
            }

            _accelerator.Dispose();
            _context.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The public parameters and the device.</summary>
    public override string ToString() => $"GpuCipher(id={Cipher.KeyId}, d={Dimension}, {Cipher.Transform}, {Backend}: {EngineName})";

    /// <summary>
    /// The batch through the device, a chunk at a time, on two lanes (streams with their own device buffers and
    /// page-locked host staging): while the device copies and computes one chunk, the host stages the next and
    /// drains the previous one (copies it out, or lets <paramref name="drained"/> copy and tag it, for an encrypt).
    /// </summary>
    private void RunChunks(ReadOnlyMemory<float> input, ReadOnlyMemory<byte> ivs, Memory<float> output, bool decrypt, Action<int, int, ReadOnlyMemory<float>>? drained)
    {
        int d = Dimension;
        List<(int First, int Count)> chunks = [.. Chunks(input.Length / d)];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // A CUDA context is current per thread: the caller's thread may not be the one that built this cipher.
            using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
            LanePair lanes = LanesFor(chunks.Max(c => c.Count), chunks.Count > 1 ? 2 : 1);
            using ProfilingMarker? origin = Timeline is null ? null : _accelerator.DefaultStream.AddProfilingMarker();
            Timeline?.Clear();
            HostTimes = default;
            try
            {
                for (int k = 0; k < chunks.Count; k++)
                {
                    DeviceLane lane = lanes[k];
                    Drain(lane, output, drained, origin);
                    (int first, int count) = chunks[k];
                    long staging = Stopwatch.GetTimestamp();
                    Stage(lane, input, ivs, first, count);
                    HostTimes = HostTimes with { StageMs = HostTimes.StageMs + Stopwatch.GetElapsedTime(staging).TotalMilliseconds };
                    Launch(lane, count, decrypt);
                }

                foreach (DeviceLane lane in lanes.All)
                {
                    Drain(lane, output, drained, origin);
                }
            }
            finally
            {
                lanes.Scrub(plaintextsIn: !decrypt);
            }
        }
    }

    /// <summary>Waits for the lane's chunk, then copies its results into the batch output, or hands them to <paramref name="drained"/> (first row, rows, staged results) to copy.</summary>
    private void Drain(DeviceLane lane, Memory<float> output, Action<int, int, ReadOnlyMemory<float>>? drained, ProfilingMarker? origin)
    {
        if (lane.InFlight is not (int first, int rows))
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        lane.Stream.Synchronize();
        long synced = Stopwatch.GetTimestamp();
        lane.InFlight = null;
        if (origin is not null && lane.Markers is ProfilingMarker[] markers)
        {
            Timeline!.Add(new ChunkTiming(first, rows, (markers[0] - origin).TotalMilliseconds, (markers[1] - markers[0]).TotalMilliseconds,
                (markers[2] - markers[1]).TotalMilliseconds, (markers[3] - markers[2]).TotalMilliseconds));
            foreach (ProfilingMarker marker in markers)
            {
                marker.Dispose();
            }

            lane.Markers = null;
        }

        int d = Dimension;
        if (drained is null)
        {
            StagingCopy.Copy(lane.HostOut.GetArray().AsMemory(0, rows * d), output.Slice(first * d, rows * d));
        }
        else
        {
            drained(first, rows, lane.HostOut.GetArray().AsMemory(0, rows * d));
        }

        HostTimes = HostTimes with
        {
            WaitMs = HostTimes.WaitMs + Stopwatch.GetElapsedTime(started, synced).TotalMilliseconds,
            DrainMs = HostTimes.DrainMs + Stopwatch.GetElapsedTime(synced).TotalMilliseconds,
        };
    }

    /// <summary>Copies the chunk's rows into the lane's page-locked input and derives their noise counters (one AES block a row) there.</summary>
    private void Stage(DeviceLane lane, ReadOnlyMemory<float> input, ReadOnlyMemory<byte> ivs, int first, int rows)
    {
        const int IvSize = EncryptedVectorFormat.IvSize;
        int d = Dimension;
        StagingCopy.Copy(input.Slice(first * d, rows * d), lane.HostIn.GetArray().AsMemory(0, rows * d));
        uint[] words = lane.HostIv.GetArray();
        Parallel.For(0, (rows + CounterRange - 1) / CounterRange, range =>
        {
            int row = range * CounterRange, count = Math.Min(CounterRange, rows - row);
            NoiseCounters(ivs.Span.Slice((first + row) * IvSize, count * IvSize), words.AsSpan(4 * row, 4 * count));
        });
        lane.InFlight = (first, rows);
    }

    /// <summary>Queues the chunk on the lane's stream: inputs in, keystream, transform and noise, results out.</summary>
    private void Launch(DeviceLane lane, int rows, bool decrypt)
    {
        int d = Dimension;
        int n = rows * d;
        int blocksPerRow = _keystreamBytes / Kernels.AesCtr.BlockSize;
        int wordsPerRow = blocksPerRow * 4;
        AcceleratorStream stream = lane.Stream;
        ArrayView<float> x = lane.X.View.SubView(0, n), y = lane.Y.View.SubView(0, n);
        ArrayView<uint> iv = lane.Iv.View.SubView(0, 4L * rows), keystream = lane.Keystream.View.SubView(0, (long)rows * wordsPerRow);
        ProfilingMarker[]? markers = Timeline is null ? null : new ProfilingMarker[4];
        if (markers is not null)
        {
            markers[0] = stream.AddProfilingMarker();
        }

        x.CopyFrom(stream, lane.HostIn.ArrayView.SubView(0, n));
        iv.CopyFrom(stream, lane.HostIv.ArrayView.SubView(0, 4L * rows));
        if (markers is not null)
        {
            markers[1] = stream.AddProfilingMarker();
        }

        _keystream(stream, (int)((long)rows * blocksPerRow), iv, _roundKeys.View, _tables.View, keystream, blocksPerRow);
        if (!decrypt)
        {
            Transform(stream, lane, x, y, rows, inverse: false);
            _noise(stream, RowGroups(rows, d + 18), keystream, y, x, lane.A.View.SubView(0, n), d, wordsPerRow, _directionWords, _scale, _radius, 0, _sharedRows ? 1 : 0);
        }
        else
        {
            _noise(stream, RowGroups(rows, d + 18), keystream, x, y, lane.A.View.SubView(0, n), d, wordsPerRow, _directionWords, _scale, _radius, 1, _sharedRows ? 1 : 0);
            Transform(stream, lane, y, x, rows, inverse: true);
        }

        if (markers is not null)
        {
            markers[2] = stream.AddProfilingMarker();
        }

        lane.HostOut.ArrayView.SubView(0, n).CopyFrom(stream, x);
        if (markers is not null)
        {
            markers[3] = stream.AddProfilingMarker();
        }

        lane.Markers = markers;
    }

    /// <summary>The cached lanes when they are large enough, else new ones (the old ones scrubbed and freed).</summary>
    private LanePair LanesFor(int rows, int count)
    {
        if (_lanes is { } cached && cached.Rows >= rows && cached.All.Count >= count)
        {
            return cached;
        }

        _lanes?.Dispose();
        _lanes = null;
        _lanes = new LanePair(_accelerator, rows, Dimension, _keystreamBytes, count);
        return _lanes;
    }

    private void Transform(AcceleratorStream stream, DeviceLane lane, ArrayView<float> from, ArrayView<float> to, int rows, bool inverse)
    {
        int d = Dimension;
        if (_fast is not null)
        {
            _fast(stream, RowGroups(rows, 2 * d), from, to, lane.A.View.SubView(0, from.Length), lane.B.View.SubView(0, from.Length),
                (inverse ? _inversePermutations! : _forwardPermutations!).View, (inverse ? _inverseSigns! : _forwardSigns!).View,
                d, _block, _normaliser, inverse ? 1 : 0, _sharedRows ? 1 : 0, _split ? 1 : 0);
            return;
        }

        var groups = new Index2D((d + _tile - 1) / _tile, (rows + _tile - 1) / _tile);
        var config = new KernelConfig(groups, new Index2D(_tile, _tile), SharedMemoryConfig.RequestDynamic<float>(2 * _tile * _tile));
        _gemm!(stream, config, from, (inverse ? _inverseMatrix! : _forwardMatrix!).View, to, rows, d, d, _tile);
    }

    /// <summary>One group of threads a row, with <paramref name="sharedFloats"/> of shared memory when rows fit there (else a token float).</summary>
    private KernelConfig RowGroups(int rows, int sharedFloats) =>
        new(new Index1D(rows), new Index1D(_rowThreads), SharedMemoryConfig.RequestDynamic<float>(_sharedRows ? sharedFloats : 18));

    private IEnumerable<(int First, int Count)> Chunks(int rows)
    {
        // Device bytes a row needs: input, output, two work buffers, keystream, IV; two lanes share the budget.
        long perRow = (4L * Dimension * sizeof(float)) + _keystreamBytes + 16;
        int chunk = (int)Math.Clamp(_budget / (2 * perRow), 1, int.MaxValue);
        for (int first = 0; first < rows; first += chunk)
        {
            yield return (first, Math.Min(chunk, rows - first));
        }
    }

    /// <summary>A device copy of the plan's <paramref name="values"/>.</summary>
    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = _accelerator.Allocate1D<T>(values.Length);
        try
        {
            buffer.View.CopyFromCPU(_accelerator.DefaultStream, values);
            return buffer;
        }
        catch
        {
            // A partial copy of a Dense Q is key material: zero it before freeing.
            buffer.MemSetToZero();
            buffer.Dispose();
            throw;
        }
    }

    private static (Context, Accelerator, GpuBackend) Select(GpuBackend backend, bool profiling)
    {
        switch (backend)
        {
            case GpuBackend.IlgpuCpu:
                Context cpu = Context.Create(b => Profile(b.CPU().EnableAlgorithms(), profiling));
                return (cpu, cpu.GetCPUDevice(0).CreateAccelerator(cpu), GpuBackend.IlgpuCpu);
        }

        Context context = Context.Create(b => Profile(b.Cuda().OpenCL().EnableAlgorithms(), profiling));
        if (backend is GpuBackend.Auto or GpuBackend.Cuda)
        {
            foreach (Device device in context.GetDevices<CudaDevice>())
            {
                return (context, device.CreateAccelerator(context), GpuBackend.Cuda);
            }
        }

        if (backend is GpuBackend.Auto or GpuBackend.OpenCL)
        {
            // GPUs only: a CPU OpenCL platform (pocl) is no faster than the CPU engine, and the row-group kernels hung or
            // crashed the process on one (docs/BENCHMARKS.md, GPU).
            foreach (CLDevice device in context.GetCLDevices())
            {
                if ((device.DeviceType & CLDeviceType.CL_DEVICE_TYPE_GPU) == 0)
                {
                    continue;
                }

                return (context, device.CreateAccelerator(context), GpuBackend.OpenCL);
            }
        }

        context.Dispose();
        throw AcceleratorUnavailableException.For(backend == GpuBackend.Auto ? "GPU (CUDA or OpenCL)" : backend.ToString());
    }

    private static Context.Builder Profile(Context.Builder builder, bool profiling) => profiling ? builder.Profiling() : builder;
}
