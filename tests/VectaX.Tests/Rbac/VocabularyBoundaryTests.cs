using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// The combination limits, read from their constants so that these tests follow a change of limit, and attribute sets
/// of another vocabulary: exactly at a limit is accepted, one over is an <see cref="InvalidPolicyException"/>.
/// </summary>
public sealed class VocabularyBoundaryTests
{
    private static PolicyVocabulary Vocabulary(params int[] valuesPerCategory) =>
        new(valuesPerCategory.Select((n, c) => new KeyValuePair<string, IReadOnlyList<string>>($"c{c}", [.. Enumerable.Range(0, n).Select(v => $"v{v}")])));

    /// <summary>A set naming the first <paramref name="counts"/>[c] values of each category (none: the wildcard).</summary>
    private static AttributeSet Naming(PolicyVocabulary vocabulary, params int[] counts) =>
        new(vocabulary, counts.Select((n, c) => (n, c)).Where(x => x.n > 0)
            .Select(x => new KeyValuePair<string, IReadOnlyList<string>>($"c{x.c}", [.. Enumerable.Range(0, x.n).Select(v => $"v{v}")])));

    /// <summary>Two value counts (each at most <see cref="PolicyVocabulary.MaxValues"/>) whose (a + 1)(b + 1) is <paramref name="product"/>: a user holding a and b values.</summary>
    private static (int A, int B) UserFactors(int product)
    {
        for (int a = 1; a <= PolicyVocabulary.MaxValues; a++)
        {
            if (product % (a + 1) == 0 && (product / (a + 1)) - 1 is int b && b >= 1 && b <= PolicyVocabulary.MaxValues)
            {
                return (a, b);
            }
        }

        throw new InvalidOperationException($"premise: {product} splits into two categories' value counts");
    }

    [Fact]
    public void A_policy_admitting_exactly_the_most_combinations_seals_and_one_more_is_refused()
    {
        int limit = Combinations.MaxPolicy;
        PolicyVocabulary vocabulary = Vocabulary(Math.Min(limit + 1, PolicyVocabulary.MaxValues), 2);
        Assert.True(limit + 1 <= PolicyVocabulary.MaxValues, "premise: one category holds the limit plus one");
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey user = authority.IssueUserKey(AttributeSetText.Parse(vocabulary, $"c0=v{limit - 1};c1=v0"));

        SealedRecord record = authority.Seal(Naming(vocabulary, limit), [1f], "x"u8);
        Assert.Equal([1f], user.Open(record.Header, record.Sealed).Vector!);
        Assert.Throws<InvalidPolicyException>(() => authority.Seal(Naming(vocabulary, limit + 1), [1f], "x"u8));

        // The product over categories counts, not each category's values.
        int half = (limit / 2) + 1;
        Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(Naming(vocabulary, half, 2)));
    }

    [Fact]
    public void A_user_holding_exactly_the_most_combinations_gets_a_key_and_one_more_is_refused()
    {
        int limit = Combinations.MaxUser;
        (int a, int b) = UserFactors(limit + 1);          // (a + 1)(b + 1) - 1 = limit: every choice but all-wildcard
        (int c, int d) = UserFactors(limit + 2);          // one over
        PolicyVocabulary vocabulary = Vocabulary(Math.Max(a, c), Math.Max(b, d));
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);

        using UserKey atLimit = authority.IssueUserKey(Naming(vocabulary, a, b));
        Assert.Contains($"combinations={limit})", atLimit.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(Naming(vocabulary, c, d)));

        SealedRecord record = authority.Seal(AttributeSetText.Parse(vocabulary, $"c0=v{a - 1};c1=v{b - 1}"), [2f], []);
        Assert.Equal([2f], atLimit.Open(record.Header, record.Sealed).Vector!);
    }

    [Fact]
    public void Attribute_sets_of_another_vocabulary_are_refused_and_an_equal_vocabulary_is_the_same()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        PolicyVocabulary equal = RbacFixture.Vocabulary();
        PolicyVocabulary reordered = new([new("groups", ["team_a", "team_b"]), new("roles", ["admin", "analyst", "user"]), new("departments", ["research", "engineering"])]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);

        // An equal vocabulary built separately is the same vocabulary: its sets seal and issue.
        SealedRecord record = authority.Seal(RbacFixture.Set(equal, "roles=analyst"), [1f], []);
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(equal, "roles=analyst"));
        Assert.Equal([1f], user.Open(record.Header, record.Sealed).Vector!);

        // The same names in another order encode combinations differently: refused for sealing and for issuing.
        Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(RbacFixture.Set(reordered, "roles=analyst")));
        Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(RbacFixture.Set(reordered, "roles=analyst")));

        // An authority with the same secret but another vocabulary is another authority: it opens nothing of this one's.
        using RbacAuthority other = RbacAuthority.FromSecret(reordered, authority.ExportSecret(), authority.Epoch);
        Assert.NotEqual(authority.Id, other.Id);
        Assert.Throws<AccessDeniedException>(() => other.Open(record.Header, record.Sealed));
        Assert.Throws<AccessDeniedException>(() => other.Rewrap(record.Header));
        using UserKey foreignUser = other.IssueUserKey(RbacFixture.Set(reordered, "roles=analyst"));
        Assert.Throws<AccessDeniedException>(() => foreignUser.Open(record.Header, record.Sealed));
    }
}
