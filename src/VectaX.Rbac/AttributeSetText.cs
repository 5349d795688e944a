namespace VectaX.Rbac;

/// <summary>Parses the canonical text of an <see cref="AttributeSet"/> ("category=value,value;category=value").</summary>
public static class AttributeSetText
{
    /// <summary>Parses <paramref name="text"/> against <paramref name="vocabulary"/>; throws <see cref="InvalidPolicyException"/> on bad names or syntax.</summary>
    public static AttributeSet Parse(PolicyVocabulary vocabulary, string text) => new(vocabulary, Split(text));

    /// <summary>A vocabulary from the same text form, as <see cref="PolicyVocabulary.ToString"/> writes it.</summary>
    public static PolicyVocabulary ParseVocabulary(string text) => new(Split(text));

    /// <summary>"category=value,value;category=value" into category -> values, in order.</summary>
    private static List<KeyValuePair<string, IReadOnlyList<string>>> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (string part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidPolicyException($"Expected category=value[,value...], got '{part}'.");
            }

            string[] names = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            values.Add(new(part[..eq].Trim(), names));
        }

        return values;
    }
}
