using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// The combination limits, read from their constants so that these tests follow a change of limit, and attribute sets
/// of another vocabulary: exactly at a limit is accepted, the next product the vocabulary limits can make above it is an
/// <see cref="InvalidPolicyException"/>.
/// </summary>
public sealed class VocabularyBoundaryTests
{
    private static PolicyVocabulary Vocabulary(params int[] valuesPerCategory) =>
        new(valuesPerCategory.Select((n, c) => new KeyValuePair<string, IReadOnlyList<string>>($"c{c}", [.. Enumerable.Range(0, n).Select(v => $"v{v}")])));

    /// <summary>A set naming the first <paramref name="counts"/>[c] values of each category (none: the wildcard).</summary>
    private static AttributeSet Naming(PolicyVocabulary vocabulary, params int[] counts) =>
        new(vocabulary, counts.Select((n, c) => (n, c)).Where(x => x.n > 0)
            .Select(x => new KeyValuePair<string, IReadOnlyList<string>>($"c{x.c}", [.. Enumerable.Range(0, x.n).Select(v => $"v{v}")])));

    /// <summary>
    /// Three value counts (each at most <see cref="PolicyVocabulary.MaxValues"/>) whose product, each count plus
    /// <paramref name="plus"/>, is exactly <paramref name="product"/>; null when there are none. A count of 0 leaves its
    /// category out (the wildcard).
    /// </summary>
    private static int[]? Exactly(long product, int plus)
    {
        int most = PolicyVocabulary.MaxValues + plus;
        for (long x = 1; x <= most; x++)
        {
            for (long y = x; y <= most && x * y <= product; y++)
            {
                if (product % (x * y) == 0 && product / (x * y) is long z && z >= y && z <= most)
                {
                    return [(int)x - plus, (int)y - plus, (int)z - plus];
                }
            }
        }

        return null;
    }

    /// <summary>The three value counts whose product (each count plus <paramref name="plus"/>) is the smallest above <paramref name="limit"/>.</summary>
    private static int[] SmallestAbove(long limit, int plus)
    {
        (long best, int[] counts) = (long.MaxValue, []);
        int most = PolicyVocabulary.MaxValues + plus;
        for (long x = 1; x <= most; x++)
        {
            for (long y = x; y <= most; y++)
            {
                long z = Math.Max(y, (limit / (x * y)) + 1);
                if (z <= most && x * y * z < best)
                {
                    (best, counts) = (x * y * z, [(int)x - plus, (int)y - plus, (int)z - plus]);
                }
            }
        }

        return counts;
    }

    /// <summary>One value from each category a count names: the narrowest set that meets a policy naming those counts.</summary>
    private static AttributeSet OneEach(PolicyVocabulary vocabulary, int[] counts) =>
        AttributeSetText.Parse(vocabulary, string.Join(";", counts.Select((n, c) => (n, c)).Where(x => x.n > 0).Select(x => $"c{x.c}=v{x.n - 1}")));

    [Fact]
    public void A_policy_admitting_exactly_the_most_combinations_seals_and_the_next_larger_is_refused()
    {
        int limit = Combinations.MaxPolicy;
        int[] at = Exactly(limit, 0) ?? throw new InvalidOperationException($"premise: {limit} is a product of value counts");
        int[] over = SmallestAbove(limit, 0);
        PolicyVocabulary vocabulary = Vocabulary([.. Enumerable.Range(0, 3).Select(c => Math.Max(1, Math.Max(at[c], over[c])))]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey user = authority.IssueUserKey(OneEach(vocabulary, at));

        SealedRecord record = authority.Seal(Naming(vocabulary, at), [1f], "x"u8);
        Assert.Equal([1f], user.Open(record).Vector!);
        Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(Naming(vocabulary, over)));
    }

    [Fact]
    public void A_user_holding_exactly_the_most_combinations_gets_a_key_and_the_next_larger_is_refused()
    {
        // A user holds every choice of one of its values or the wildcard per category, but not all wildcards.
        int limit = Combinations.MaxUser;
        int[] at = Exactly(limit + 1L, 1) ?? throw new InvalidOperationException($"premise: {limit} + 1 is a product of value counts plus one");
        int[] over = SmallestAbove(limit + 1L, 1);
        PolicyVocabulary vocabulary = Vocabulary([.. Enumerable.Range(0, 3).Select(c => Math.Max(1, Math.Max(at[c], over[c])))]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);

        using UserKey atLimit = authority.IssueUserKey(Naming(vocabulary, at));
        Assert.Contains($"combinations={limit})", atLimit.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(Naming(vocabulary, over)));

        SealedRecord record = authority.Seal(OneEach(vocabulary, at), [2f], []);
        Assert.Equal([2f], atLimit.Open(record).Vector!);
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
        Assert.Equal([1f], user.Open(record).Vector!);

        // The same names in another order encode combinations differently: refused for sealing and for issuing.
        Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(RbacFixture.Set(reordered, "roles=analyst")));
        Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(RbacFixture.Set(reordered, "roles=analyst")));

        // An authority with the same secret but another vocabulary is another authority: it opens nothing of this one's.
        using RbacAuthority other = RbacAuthority.FromSecret(reordered, authority.ExportSecret(), authority.Epoch);
        Assert.NotEqual(authority.Id, other.Id);
        Assert.Throws<AccessDeniedException>(() => other.Open(record.ClassHeader.Span, record.Header, record.Sealed));
        Assert.Throws<AccessDeniedException>(() => other.Rewrap(record.ClassHeader.Span, record.Header));
        using UserKey foreignUser = other.IssueUserKey(RbacFixture.Set(reordered, "roles=analyst"));
        Assert.Throws<AccessDeniedException>(() => foreignUser.Open(record));
    }
}
