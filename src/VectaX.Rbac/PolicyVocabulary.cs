namespace VectaX.Rbac;

/// <summary>
/// The attribute categories an application uses (roles, groups, departments, ...) and the values each may take.
/// Order matters: it fixes how combinations are encoded, so keep it stable for the life of an authority.
/// </summary>
public sealed class PolicyVocabulary
{
    /// <summary>Most categories a vocabulary may declare.</summary>
    public const int MaxCategories = 16;

    /// <summary>Most values a category may declare.</summary>
    public const int MaxValues = 1024;

    private readonly string[] _categories;
    private readonly string[][] _values;
    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>[] _valueIndex;

    /// <summary>Declares the categories, in order, each with its values in order.</summary>
    public PolicyVocabulary(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var list = categories.ToList();
        if (list.Count is 0 or > MaxCategories)
        {
            throw new InvalidPolicyException($"A vocabulary declares 1 to {MaxCategories} categories; got {list.Count}.");
        }

        _categories = new string[list.Count];
        _values = new string[list.Count][];
        _valueIndex = new Dictionary<string, int>[list.Count];
        for (int c = 0; c < list.Count; c++)
        {
            (string name, IReadOnlyList<string> values) = (list[c].Key, list[c].Value);
            if (!IsValidName(name) || !_categoryIndex.TryAdd(name, c))
            {
                throw new InvalidPolicyException($"Category name '{name}' is empty, holds one of ';,=', or is declared twice.");
            }

            if (values is null || values.Count is 0 or > MaxValues)
            {
                throw new InvalidPolicyException($"Category '{name}' declares 1 to {MaxValues} values.");
            }

            _categories[c] = name;
            _values[c] = [.. values];
            _valueIndex[c] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int v = 0; v < values.Count; v++)
            {
                if (!IsValidName(values[v]) || !_valueIndex[c].TryAdd(values[v], v))
                {
                    throw new InvalidPolicyException($"Category '{name}' has an empty, repeated or ';,='-holding value '{values[v]}'.");
                }
            }
        }
    }

    /// <summary>The categories in declaration order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The values of <paramref name="category"/> in declaration order.</summary>
    public IReadOnlyList<string> ValuesOf(string category) => _values[CategoryIndex(category)];

    internal int CategoryCount => _categories.Length;

    internal int CategoryIndex(string category) =>
        _categoryIndex.TryGetValue(category, out int c) ? c : throw new InvalidPolicyException($"Unknown category '{category}'.");

    internal int ValueIndex(int category, string value) =>
        _valueIndex[category].TryGetValue(value, out int v) ? v : throw new InvalidPolicyException($"Unknown value '{value}' in category '{_categories[category]}'.");

    internal string ValueName(int category, int value) => _values[category][value];

    internal string CategoryName(int category) => _categories[category];

    private static bool IsValidName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim() == name && name.IndexOfAny([';', ',', '=']) < 0;

    /// <summary>A canonical text form (category=value,value;...), for fingerprints and display.</summary>
    public override string ToString() => string.Join(";", _categories.Select((c, i) => $"{c}={string.Join(",", _values[i])}"));
}
