using System.Globalization;
using VectaX.Embeddings;
using VectaX.Evaluation;

namespace VectaX.Evaluate;

/// <summary>
/// Known-plaintext attacks per noise level, transform and number of known pairs n: the attacker fits a map on the
/// first n (plaintext, ciphertext) pairs of the corpus and applies it to unseen ciphertexts (the queries). Reported:
/// mean cosine between recovered and true plaintext, and the fraction whose nearest corpus document, found from the
/// recovered vector, is the true vector's nearest document.
/// </summary>
internal static class AttackTable
{
    public static void Print(float[][] corpus, float[][] queries, string csvPath)
    {
        int d = corpus[0].Length;
        int[] pairs = [10, 100, d, Math.Min(10 * d, corpus.Length)];
        int[] truth = queries.Select(q => PlainSearch.Nearest(corpus, q, 1)[0].Index).ToArray();
        using var csv = new StreamWriter(csvPath);
        csv.WriteLine("beta,transform,n,method,cosine,nn");
        Console.WriteLine("| beta | transform | known pairs n | least squares: cosine | least squares: nearest doc | Procrustes: cosine | Procrustes: nearest doc |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (float beta in new[] { 0f, 0.1f, 0.2f, 0.4f, 0.8f, 1.6f })
        {
            foreach (TransformKind kind in new[] { TransformKind.Fast, TransformKind.Dense })
            {
                using VectaXKey key = VectaXKey.Generate(d, kind, beta, allowWeakNoise: true); // beta = 0 is the reference row
                using var cipher = new VectorCipher(key);
                float[][] known = corpus[..pairs[^1]];
                float[][] knownCiphertexts = known.Select(v => cipher.Encrypt(v).Ciphertext).ToArray();
                float[][] unseen = queries.Select(v => cipher.Encrypt(v).Ciphertext).ToArray();
                foreach (int n in pairs)
                {
                    var cells = new List<string>();
                    foreach ((string method, DenseMatrix map) in new[]
                    {
                        ("least squares", KnownPlaintextAttack.LeastSquares(known[..n], knownCiphertexts[..n], key.Scale)),
                        ("Procrustes", KnownPlaintextAttack.Procrustes(known[..n], knownCiphertexts[..n], key.Scale)),
                    })
                    {
                        (double cosine, double hit) = Score(map, unseen, queries, corpus, truth, key.Scale);
                        cells.Add(cosine.ToString("F3", CultureInfo.InvariantCulture));
                        cells.Add(hit.ToString("F3", CultureInfo.InvariantCulture));
                        csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{beta},{kind},{n},{method},{cosine:F4},{hit:F4}"));
                    }

                    Console.WriteLine($"| {beta.ToString(CultureInfo.InvariantCulture)} | {kind} | {n} | {string.Join(" | ", cells)} |");
                }
            }
        }

        Console.Error.WriteLine($"CSV: {csvPath}");
    }

    private static (double Cosine, double NearestHit) Score(DenseMatrix map, float[][] ciphertexts, float[][] plaintexts, float[][] corpus, int[] truth, float scale)
    {
        double cosine = 0;
        int hits = 0;
        for (int i = 0; i < ciphertexts.Length; i++)
        {
            float[] recovered = map.LeftMultiply(ciphertexts[i], 1.0 / scale);
            double dot = 0, norm = 0;
            for (int j = 0; j < recovered.Length; j++)
            {
                dot += (double)recovered[j] * plaintexts[i][j];
                norm += (double)recovered[j] * recovered[j];
            }

            cosine += norm > 0 ? dot / Math.Sqrt(norm) : 0;
            hits += PlainSearch.Nearest(corpus, recovered, 1)[0].Index == truth[i] ? 1 : 0;
        }

        return (cosine / ciphertexts.Length, hits / (double)ciphertexts.Length);
    }
}
