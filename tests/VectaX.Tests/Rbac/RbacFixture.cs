using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>The vocabulary of the README flow and helpers to build sets from short text.</summary>
internal static class RbacFixture
{
    public static PolicyVocabulary Vocabulary() => new(
    [
        new("roles", ["admin", "analyst", "user"]),
        new("groups", ["team_a", "team_b"]),
        new("departments", ["research", "engineering"]),
    ]);

    public static AttributeSet Set(PolicyVocabulary vocabulary, string text) => AttributeSetText.Parse(vocabulary, text);

    /// <summary>A random vocabulary of 1-4 categories with 1-4 values each.</summary>
    public static PolicyVocabulary RandomVocabulary(Random random) => new(Enumerable.Range(0, random.Next(1, 5))
        .Select(c => new KeyValuePair<string, IReadOnlyList<string>>($"c{c}", Enumerable.Range(0, random.Next(1, 5)).Select(v => $"v{v}").ToArray())));

    /// <summary>A random non-empty attribute set over <paramref name="vocabulary"/>.</summary>
    public static AttributeSet RandomSet(Random random, PolicyVocabulary vocabulary)
    {
        while (true)
        {
            var parts = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            foreach (string category in vocabulary.Categories)
            {
                string[] chosen = vocabulary.ValuesOf(category).Where(_ => random.Next(3) == 0).ToArray();
                if (chosen.Length > 0)
                {
                    parts.Add(new(category, chosen));
                }
            }

            if (parts.Count > 0)
            {
                return new AttributeSet(vocabulary, parts);
            }
        }
    }
}
