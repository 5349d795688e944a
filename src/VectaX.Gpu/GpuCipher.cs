using System.Buffers.Binary;
using System.Security.Cryptography;
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
/// the AES-CTR noise keystream, the Box-Muller noise and the scale-add run on the device; tags are HMAC-SHA256
/// on the CPU cores (the in-box HMAC there beats moving the bytes twice). Batches larger than the memory budget
/// run in chunks on two streams, so one chunk's transfers can overlap the other's kernels. Without a GPU, <see cref="GpuBackend.Auto"/> falls back to the CPU engine.
/// </summary>
public sealed class GpuCipher : IDisposable
{
    private readonly VectorCipher _cpu;
    private readonly Context? _context;
    private readonly Accelerator? _accelerator;
    private readonly MemoryBuffer1D<uint, Stride1D.Dense>? _roundKeys;
    private readonly MemoryBuffer1D<uint, Stride1D.Dense>? _tables;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? _forwardPermutations, _inversePermutations;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _forwardSigns, _inverseSigns, _forwardMatrix, _inverseMatrix;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int>? _keystream;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<uint>, ArrayView<float>, ArrayView<float>, int, int, int, float, double, int>? _noise;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int, float, int>? _fast;
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>? _gemm;
    private readonly int _tile;
    private readonly long _budget;
    private readonly int _block;

    /// <summary>Builds the cipher for <paramref name="key"/> on <paramref name="backend"/>; <paramref name="memoryBudgetBytes"/> caps device memory per chunk (0: half the device, at most 1 GiB).</summary>
    public GpuCipher(VectaXKey key, GpuBackend backend = GpuBackend.Auto, long memoryBudgetBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        _cpu = new VectorCipher(key);
        (_context, _accelerator, Backend) = Select(backend);
        if (_accelerator is null)
        {
            return;
        }

        _budget = memoryBudgetBytes > 0 ? memoryBudgetBytes : Math.Min(_accelerator.MemorySize / 2, 1L << 30);
        Span<byte> noiseKey = stackalloc byte[KeySchedule.SubKeySize];
        KeySchedule.Derive(key.Secret, "noise", key, noiseKey);
        uint[] roundKeys = AesTables.ExpandKey(noiseKey);
        CryptographicOperations.ZeroMemory(noiseKey);
        _roundKeys = _accelerator.Allocate1D(roundKeys);
        Array.Clear(roundKeys);
        _tables = _accelerator.Allocate1D(AesTables.Build());
        _keystream = _accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int>(DeviceKernels.Keystream);
        _noise = _accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<uint>, ArrayView<float>, ArrayView<float>, int, int, int, float, double, int>(DeviceKernels.Noise);

        switch (_cpu.TransformState)
        {
            case FastTransform fast:
                _block = fast.Block;
                _forwardPermutations = _accelerator.Allocate1D(Concat(fast, r => fast.Round(r).Permutation));
                _forwardSigns = _accelerator.Allocate1D(Concat(fast, r => fast.Round(r).Sign));
                _inversePermutations = _accelerator.Allocate1D(Concat(fast, r => fast.Round(r).InversePermutation));
                _inverseSigns = _accelerator.Allocate1D(Concat(fast, r => fast.Round(r).InverseSign));
                _fast = _accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int, float, int>(DeviceKernels.Fast);
                break;
            case DenseTransform dense:
                _forwardMatrix = _accelerator.Allocate1D(dense.Matrices.Forward);
                _inverseMatrix = _accelerator.Allocate1D(dense.Matrices.Inverse);
                _gemm = _accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(DeviceKernels.Gemm);
                _tile = Math.Min(DeviceKernels.MaxTile, (int)Math.Sqrt(_accelerator.MaxNumThreadsPerGroup));
                break;
        }
    }

    /// <summary>Where batches run.</summary>
    public GpuBackend Backend { get; }

    /// <summary>The device name, or "CPU engine".</summary>
    public string DeviceName => _accelerator?.Name ?? "CPU engine";

    /// <summary>The vector dimension.</summary>
    public int Dimension => _cpu.Dimension;

    /// <summary>Encrypts n row-major vectors; the contract of <see cref="VectorCipher.EncryptBatch"/>.</summary>
    public void EncryptBatch(ReadOnlyMemory<float> plaintexts, Memory<float> ciphertexts, Memory<byte> metadata, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        if (_accelerator is null)
        {
            _cpu.EncryptBatch(plaintexts, ciphertexts, metadata, associatedData: associatedData);
            return;
        }

        int d = Dimension;
        int n = _cpu.BatchRows(plaintexts.Length, ciphertexts.Length, nameof(ciphertexts), metadata.Length, associatedData);
        _cpu.CheckRows(plaintexts, n, -1);
        byte[] ivs = new byte[n * EncryptedVectorFormat.IvSize];
        SecretRandom.Fill(ivs);
        RunChunks(plaintexts, ivs, ciphertexts, decrypt: false);

        // Tags on the CPU cores, over exactly the bytes the device produced.
        ParallelRows.For(n, -1, row => _cpu.Finish(
            ivs.AsSpan(row * EncryptedVectorFormat.IvSize, EncryptedVectorFormat.IvSize),
            VectorCipher.AssociatedRow(associatedData, row),
            ciphertexts.Span.Slice(row * d, d),
            metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
            row));
    }

    /// <summary>Authenticates every row on the CPU, then decrypts on the device; the contract of <see cref="VectorCipher.DecryptBatch"/>.</summary>
    public void DecryptBatch(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> metadata, Memory<float> plaintexts, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null)
    {
        if (_accelerator is null)
        {
            _cpu.DecryptBatch(ciphertexts, metadata, plaintexts, associatedData: associatedData);
            return;
        }

        int d = Dimension;
        int n = _cpu.BatchRows(ciphertexts.Length, plaintexts.Length, nameof(plaintexts), metadata.Length, associatedData);
        byte[] ivs = new byte[n * EncryptedVectorFormat.IvSize];
        ParallelRows.For(n, -1, row => _cpu.Authenticate(
            ciphertexts.Span.Slice(row * d, d),
            metadata.Span.Slice(row * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size),
            VectorCipher.AssociatedRow(associatedData, row),
            row).CopyTo(ivs.AsSpan(row * EncryptedVectorFormat.IvSize)));

        RunChunks(ciphertexts, ivs, plaintexts, decrypt: true);
    }

    /// <summary>Frees the device and zeroes the key material it holds.</summary>
    public void Dispose()
    {
        _roundKeys?.MemSetToZero();
        _forwardMatrix?.MemSetToZero();
        _inverseMatrix?.MemSetToZero();
        _accelerator?.Synchronize();
        foreach (IDisposable? buffer in new IDisposable?[] { _roundKeys, _tables, _forwardPermutations, _inversePermutations, _forwardSigns, _inverseSigns, _forwardMatrix, _inverseMatrix })
        {
            buffer?.Dispose();
        }

        _accelerator?.Dispose();
        _context?.Dispose();
        _cpu.Dispose();
    }

    /// <summary>The public parameters and the device.</summary>
    public override string ToString() => $"GpuCipher(id={_cpu.KeyId}, d={Dimension}, {_cpu.Transform}, {Backend}: {DeviceName})";

    /// <summary>
    /// The batch through the device, a memory budget's worth of rows at a time, on two streams with their own
    /// buffers: while one chunk's kernels run, the other's rows are staged and its results copied back.
    /// </summary>
    private void RunChunks(ReadOnlyMemory<float> input, byte[] ivs, Memory<float> output, bool decrypt)
    {
        int d = Dimension;
        List<(int First, int Count)> chunks = [.. Chunks(input.Length / d)];
        int capacity = chunks.Max(c => c.Count);
        using var lanes = new LanePair(_accelerator!, capacity, d, chunks.Count > 1 ? 2 : 1);
        for (int k = 0; k < chunks.Count; k++)
        {
            DeviceLane lane = lanes[k];
            lane.Finish(output.Span, d);
            (int first, int count) = chunks[k];
            Enqueue(lane, input.Slice(first * d, count * d).ToArray(), ivs.AsSpan(first * EncryptedVectorFormat.IvSize, count * EncryptedVectorFormat.IvSize), first, count, decrypt);
        }

        lanes.FinishAll(output.Span, d);
    }

    private void Enqueue(DeviceLane lane, float[] chunk, ReadOnlySpan<byte> ivs, int first, int rows, bool decrypt)
    {
        int d = Dimension;
        int directionWords = BallNoise.WordCount(d);
        int blocksPerRow = BallNoise.KeystreamBytes(d) / Kernels.AesCtr.BlockSize;
        int wordsPerRow = blocksPerRow * 4;
        // The keystream starts at the counter the CPU engine derives from each IV (one AES block a row, here).
        var ivWords = new uint[rows * 4];
        Span<byte> counter = stackalloc byte[Kernels.AesCtr.BlockSize];
        for (int row = 0; row < rows; row++)
        {
            _cpu.NoiseCounter(ivs.Slice(row * EncryptedVectorFormat.IvSize, EncryptedVectorFormat.IvSize), counter);
            for (int w = 0; w < 4; w++)
            {
                ivWords[(4 * row) + w] = BinaryPrimitives.ReadUInt32BigEndian(counter[(4 * w)..]);
            }
        }

        CryptographicOperations.ZeroMemory(counter);

        AcceleratorStream stream = lane.Stream;
        ArrayView<float> x = lane.X.View.SubView(0, chunk.Length), y = lane.Y.View.SubView(0, chunk.Length);
        ArrayView<uint> iv = lane.Iv.View.SubView(0, ivWords.Length), keystream = lane.Keystream.View.SubView(0, (long)rows * wordsPerRow);
        x.CopyFromCPU(stream, chunk);
        iv.CopyFromCPU(stream, ivWords);
        _keystream!(stream, (int)((long)rows * blocksPerRow), iv, _roundKeys!.View, _tables!.View, keystream, blocksPerRow);
        ArrayView<float> result;
        if (!decrypt)
        {
            Transform(stream, lane, x, y, rows, inverse: false);
            _noise!(stream, rows, keystream, y, x, d, wordsPerRow, directionWords, _cpu.Scale, _cpu.NoiseRadius, 0);
            result = x;
        }
        else
        {
            _noise!(stream, rows, keystream, x, y, d, wordsPerRow, directionWords, _cpu.Scale, _cpu.NoiseRadius, 1);
            Transform(stream, lane, y, x, rows, inverse: true);
            result = x;
        }

        lane.Begin(first, new float[chunk.Length]);
        result.CopyToCPU(stream, lane.Result!);
        Array.Clear(chunk);
    }

    private void Transform(AcceleratorStream stream, DeviceLane lane, ArrayView<float> from, ArrayView<float> to, int rows, bool inverse)
    {
        int d = Dimension;
        if (_fast is not null)
        {
            _fast(stream, rows, from, to, lane.A.View.SubView(0, from.Length), lane.B.View.SubView(0, from.Length),
                (inverse ? _inversePermutations! : _forwardPermutations!).View, (inverse ? _inverseSigns! : _forwardSigns!).View,
                d, rows, _block, Kernels.Hadamard.Normaliser(_block), inverse ? 1 : 0);
            return;
        }

        var groups = new Index2D((d + _tile - 1) / _tile, (rows + _tile - 1) / _tile);
        var config = new KernelConfig(groups, new Index2D(_tile, _tile), SharedMemoryConfig.RequestDynamic<float>(2 * _tile * _tile));
        _gemm!(stream, config, from, (inverse ? _inverseMatrix! : _forwardMatrix!).View, to, rows, d, d, _tile);
    }

    private IEnumerable<(int First, int Count)> Chunks(int rows)
    {
        // Device bytes a row needs: input, output, two work buffers, keystream, IV; two lanes share the budget.
        long perRow = (4L * Dimension * sizeof(float)) + BallNoise.KeystreamBytes(Dimension) + 16;
        int chunk = (int)Math.Clamp(_budget / (2 * perRow), 1, int.MaxValue);
        for (int first = 0; first < rows; first += chunk)
        {
            yield return (first, Math.Min(chunk, rows - first));
        }
    }

    private static T[] Concat<T>(FastTransform fast, Func<int, T[]> round) =>
        [.. round(0), .. round(1), .. round(2)];

    private static (Context?, Accelerator?, GpuBackend) Select(GpuBackend backend)
    {
        switch (backend)
        {
            case GpuBackend.CpuEngine:
                return (null, null, GpuBackend.CpuEngine);
            case GpuBackend.IlgpuCpu:
                Context cpu = Context.Create(b => b.CPU().EnableAlgorithms());
                return (cpu, cpu.GetCPUDevice(0).CreateAccelerator(cpu), GpuBackend.IlgpuCpu);
        }

        Context context = Context.Create(b => b.Cuda().OpenCL().EnableAlgorithms());
        if (backend is GpuBackend.Auto or GpuBackend.Cuda)
        {
            foreach (Device device in context.GetDevices<CudaDevice>())
            {
                return (context, device.CreateAccelerator(context), GpuBackend.Cuda);
            }
        }

        if (backend is GpuBackend.Auto or GpuBackend.OpenCL)
        {
            foreach (Device device in context.GetCLDevices())
            {
                return (context, device.CreateAccelerator(context), GpuBackend.OpenCL);
            }
        }

        context.Dispose();
        return backend == GpuBackend.Auto
            ? (null, null, GpuBackend.CpuEngine)
            : throw AcceleratorUnavailableException.For(backend.ToString());
    }
}
