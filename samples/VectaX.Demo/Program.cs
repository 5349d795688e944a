// The main job, end to end on one machine: key, batch encryption, search over ciphertexts against plaintext
// search, exact re-rank, decryption and tamper detection. The corpus is synthetic (clustered unit vectors)
// until the command-line issue brings real embeddings.
using System.Diagnostics;
using VectaX;
using VectaX.Kernels;

const int Dimension = 384, Count = 20_000, Clusters = 200, Queries = 100, K = 10, Candidates = 3 * K;
var random = new Random(2026);
float[] corpus = Corpus.Clustered(random, Count, Dimension, Clusters);
float[] queries = Corpus.Clustered(random, Queries, Dimension, Clusters);
KernelSet kernels = KernelDispatch.Default;

using VectaXKey key = VectaXKey.Generate(Dimension);
using var cipher = new VectorCipher(key);
Console.WriteLine($"key      {key}  kernels {kernels.Width}");

float[] ciphertexts = new float[corpus.Length];
byte[] metadata = new byte[Count * EncryptedVectorFormat.Size];
var clock = Stopwatch.StartNew();
cipher.EncryptBatch(corpus, ciphertexts, metadata);
Console.WriteLine($"encrypt  {Count} x {Dimension} in {clock.Elapsed.TotalMilliseconds:F0} ms ({Count / clock.Elapsed.TotalSeconds:F0} vectors/s)");

double plainRecall = 0, rerankRecall = 0;
double searchMs = 0;
float[] plain = new float[Dimension];
for (int q = 0; q < Queries; q++)
{
    ReadOnlySpan<float> query = queries.AsSpan(q * Dimension, Dimension);
    int[] truth = Corpus.Nearest(kernels, corpus, query, Dimension, K);

    clock.Restart();
    float[] encryptedQuery = cipher.EncryptQuery(query);
    int[] found = Corpus.Nearest(kernels, ciphertexts, encryptedQuery, Dimension, Candidates);

    // Exact re-rank: decrypt the candidates and score them in plaintext.
    var scores = new float[found.Length];
    for (int c = 0; c < found.Length; c++)
    {
        int i = found[c];
        cipher.Decrypt(ciphertexts.AsSpan(i * Dimension, Dimension), metadata.AsSpan(i * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size), plain);
        scores[c] = kernels.SquaredDistance(plain, query);
    }

    int[] rescored = (int[])found.Clone();
    Array.Sort(scores, rescored);
    rescored = rescored[..K];
    searchMs += clock.Elapsed.TotalMilliseconds;

    plainRecall += truth.Intersect(found.Take(K)).Count() / (double)K;
    rerankRecall += truth.Intersect(rescored).Count() / (double)K;
}

Console.WriteLine($"search   recall@{K} over ciphertexts {plainRecall / Queries:F3}, with exact re-rank of {Candidates} {rerankRecall / Queries:F3}, {searchMs / Queries:F2} ms/query (brute force)");

float[] back = new float[corpus.Length];
cipher.DecryptBatch(ciphertexts, metadata, back);
double worst = 0;
for (int i = 0; i < corpus.Length; i++)
{
    worst = Math.Max(worst, Math.Abs(back[i] - corpus[i]));
}

Console.WriteLine($"decrypt  all {Count} vectors, largest error {worst:E1}");

ciphertexts[5 * Dimension] += 1e-4f;
try
{
    cipher.Decrypt(ciphertexts.AsSpan(5 * Dimension, Dimension), metadata.AsSpan(5 * EncryptedVectorFormat.Size, EncryptedVectorFormat.Size), plain);
    Console.WriteLine("tamper   NOT DETECTED");
    return 1;
}
catch (AuthenticationFailedException e)
{
    Console.WriteLine($"tamper   rejected: {e.Message}");
}

return rerankRecall / Queries >= 0.99 ? 0 : 1;
