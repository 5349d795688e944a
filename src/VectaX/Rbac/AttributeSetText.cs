namespace VectaX.Rbac;

/// <summary>Parses the canonical text of an <see cref="AttributeSet"/> ("category=value,value;category=value").</summary>
public static class AttributeSetText
{
    /// <summary>Parses <paramref name="text"/> against <paramref name="vocabulary"/>; throws <see cref="InvalidPolicyException"/> on bad names or syntax.</summary>
    public static AttributeSet Parse(PolicyVocabulary vocabulary, string text)
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

        return new AttributeSet(vocabulary, values);
    }
}
