namespace VectaX.Rbac;

/// <summary>
/// Values per category, checked against a vocabulary. As an access policy: for every category it names, a
/// user needs at least one of the listed values (OR within a category, AND across categories); a category it
/// does not name does not restrict. As a user's attributes: the values the user holds.
/// </summary>
public sealed class AttributeSet
{
    private readonly int[][] _values; // per category, sorted value indices; empty = not named

    /// <summary>Builds and validates the set; throws <see cref="InvalidPolicyException"/> for unknown names or an empty set.</summary>
    public AttributeSet(PolicyVocabulary vocabulary, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(values);
        Vocabulary = vocabulary;
        _values = new int[vocabulary.CategoryCount][];
        for (int c = 0; c < _values.Length; c++)
        {
            _values[c] = [];
        }

        foreach ((string category, IReadOnlyList<string> names) in values)
        {
            int c = vocabulary.CategoryIndex(category);
            if (_values[c].Length > 0)
            {
                throw new InvalidPolicyException($"Category '{category}' appears twice.");
            }

            if (names is null || names.Count == 0)
            {
                throw new InvalidPolicyException($"Category '{category}' lists no values.");
            }

            _values[c] = names.Select(v => vocabulary.ValueIndex(c, v)).Distinct().Order().ToArray();
        }

        if (_values.All(v => v.Length == 0))
        {
            throw new InvalidPolicyException("An attribute set must name at least one category.");
        }
    }

    /// <summary>The vocabulary the names were checked against.</summary>
    public PolicyVocabulary Vocabulary { get; }

    internal IReadOnlyList<int> Values(int category) => _values[category];

    /// <summary>Whether a user holding <paramref name="user"/> satisfies this set read as a policy.</summary>
    public bool IsSatisfiedBy(AttributeSet user)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (int c = 0; c < _values.Length; c++)
        {
            if (_values[c].Length > 0 && !_values[c].Intersect(user._values[c]).Any())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Canonical text, e.g. "roles=admin,analyst;departments=research".</summary>
    public override string ToString() => string.Join(";", Enumerable.Range(0, _values.Length)
        .Where(c => _values[c].Length > 0)
        .Select(c => $"{Vocabulary.CategoryName(c)}={string.Join(",", _values[c].Select(v => Vocabulary.ValueName(c, v)))}"));
}
