// The main job on the embedded store, no server: encrypt and seal a corpus, search it encrypted as the key
// holder (with and without exact re-rank, against plaintext search) and as RBAC users, show a denial, and
// show that a tampered ciphertext is refused. The corpus is synthetic (clustered unit vectors) until the
// command-line issue brings real embeddings.
using System.Diagnostics;
using System.Text;
using VectaX;
using VectaX.Qdrant;
using VectaX.Rbac;

const int Dimension = 384, Count = 20_000, Clusters = 200, Queries = 100, K = 10;
var random = new Random(2026);
float[][] corpus = Corpus.Clustered(random, Count, Dimension, Clusters);
float[][] queries = Corpus.Clustered(random, Queries, Dimension, Clusters);

var vocabulary = new PolicyVocabulary([new("roles", ["admin", "analyst"]), new("departments", ["research", "engineering"])]);
using RbacAuthority authority = RbacAuthority.Create(vocabulary);
using VectaXKey key = VectaXKey.Generate(Dimension);
using var ring = new KeyRing([key], key.KeyId);
var store = new EmbeddedVectorStore();
var collection = new EncryptedCollection(store, "corpus", ring, authority);
await collection.EnsureAsync();
Console.WriteLine($"key      {key}");

AttributeSet research = AttributeSetText.Parse(vocabulary, "departments=research");
AttributeSet engineering = AttributeSetText.Parse(vocabulary, "departments=engineering");
var clock = Stopwatch.StartNew();
await collection.UpsertAsync(corpus.Select((v, i) => new PlainRecord(
    (ulong)i, v, new Dictionary<string, string> { ["title"] = $"document {i}" }, Encoding.UTF8.GetBytes($"private text of document {i}"), i % 2 == 0 ? research : engineering)).ToList());
Console.WriteLine($"ingest   {Count} x {Dimension}: encrypted, sealed and stored in {clock.Elapsed.TotalSeconds:F2} s ({Count / clock.Elapsed.TotalSeconds:F0} records/s)");

var noRerank = new EncryptedCollection(store, "corpus", ring, authority) { RerankFactor = 1 };
double recallPlain = 0, recallRerank = 0, msPlain = 0, msEncrypted = 0;
foreach (float[] query in queries)
{
    clock.Restart();
    var truth = Corpus.Nearest(corpus, query, K);
    msPlain += clock.Elapsed.TotalMilliseconds;
    recallPlain += (await noRerank.SearchAsync(query, K)).Count(h => truth.Contains(h.Id)) / (double)K;
    clock.Restart();
    recallRerank += (await collection.SearchAsync(query, K)).Count(h => truth.Contains(h.Id)) / (double)K;
    msEncrypted += clock.Elapsed.TotalMilliseconds;
}

Console.WriteLine($"search   recall@{K} vs plaintext exact kNN: {recallPlain / Queries:F3} on ciphertexts alone, {recallRerank / Queries:F3} with exact re-rank of {EncryptedCollection.DefaultRerankFactor * K}");
Console.WriteLine($"latency  plaintext brute force {msPlain / Queries:F2} ms/query, encrypted search + re-rank {msEncrypted / Queries:F2} ms/query");

using UserKey analyst = authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "roles=analyst;departments=research"));
using UserKey engineer = authority.IssueUserKey(AttributeSetText.Parse(vocabulary, "roles=admin;departments=engineering"));
IReadOnlyList<SearchHit> allowed = await collection.SearchAsync(queries[0], 3, analyst);
Console.WriteLine($"rbac     {analyst.Attributes} sees {string.Join(", ", allowed.Select(h => $"#{h.Id} \"{Encoding.UTF8.GetString(h.Payload!)}\""))}");
StoredPoint researchDoc = (await store.RetrieveAsync("corpus", [0]))[0];
try
{
    engineer.Open(Convert.FromBase64String(researchDoc.Payload[PayloadFields.Header]), Convert.FromBase64String(researchDoc.Payload[PayloadFields.Sealed]), BitConverter.GetBytes(0ul));
    Console.WriteLine("rbac     NOT DENIED");
    return 1;
}
catch (AccessDeniedException e)
{
    Console.WriteLine($"rbac     {engineer.Attributes} opening document 0: denied ({e.Message})");
}

float[] tampered = (float[])researchDoc.Vector.Clone();
tampered[0] += 1e-4f;
try
{
    ring.Decrypt(tampered, EncryptedVectorFormat.FromBase64(researchDoc.Payload[PayloadFields.Metadata]), new float[Dimension]);
    Console.WriteLine("tamper   NOT DETECTED");
    return 1;
}
catch (AuthenticationFailedException e)
{
    Console.WriteLine($"tamper   rejected: {e.Message}");
}

return recallRerank / Queries >= 0.99 ? 0 : 1;
