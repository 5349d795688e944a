namespace VectaX;

/// <summary>
/// Batches of vectors under one key, on some engine: <see cref="VectorCipher"/> on every core, or a device cipher
/// (<see cref="DeviceBatchCipher"/>). Every engine has the same semantics and writes ciphertexts any other decrypts:
/// a batch fails whole (its output cleared), an encryption refuses an output that overlaps its input, and a
/// decryption authenticates every row before it releases any.
/// </summary>
public interface IBatchCipher : IDisposable
{
    /// <summary>The vector dimension.</summary>
    int Dimension { get; }

    /// <summary>Where batches run: "CPU engine", or the device's name.</summary>
    string EngineName { get; }

    /// <summary>Encrypts n row-major vectors under fresh IVs into n*d floats and n metadata blobs; row i's tag covers <paramref name="associatedData"/>[i] when given.</summary>
    void EncryptBatch(ReadOnlyMemory<float> plaintexts, Memory<float> ciphertexts, Memory<byte> metadata, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null);

    /// <summary>Authenticates every row (against <paramref name="associatedData"/>[i] when given), then decrypts; an <see cref="AuthenticationFailedException"/> names the first failing row.</summary>
    void DecryptBatch(ReadOnlyMemory<float> ciphertexts, ReadOnlyMemory<byte> metadata, Memory<float> plaintexts, IReadOnlyList<ReadOnlyMemory<byte>>? associatedData = null);
}
