using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Policies and user keys past the combination limits are refused with a typed error, however far past.</summary>
public class CombinationLimitTests
{
    [Theory]
    [InlineData(9, 129)] // 129^9 is past 2^63: a 64-bit product wraps to a negative count
    [InlineData(7, 1024)] // 2^70: a 64-bit product wraps to 0
    [InlineData(3, 1024)] // 2^30: plainly past the limit
    public void A_policy_admitting_more_combinations_than_the_limit_is_refused(int categories, int values)
    {
        PolicyVocabulary vocabulary = Vocabulary(categories, values);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet everything = authority.Attributes(vocabulary.Categories.Select(c => new KeyValuePair<string, IReadOnlyList<string>>(c, vocabulary.ValuesOf(c))));
        var refused = Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(everything));
        Assert.Contains("attribute combinations", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 32)] // 33^16 is past 2^63
    [InlineData(16, 1024)] // 1025^16
    [InlineData(2, 300)] // 301^2 - 1: plainly past the limit
    public void A_user_holding_more_combinations_than_the_limit_is_refused(int categories, int values)
    {
        PolicyVocabulary vocabulary = Vocabulary(categories, values);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet everything = authority.Attributes(vocabulary.Categories.Select(c => new KeyValuePair<string, IReadOnlyList<string>>(c, vocabulary.ValuesOf(c))));
        var refused = Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(everything));
        Assert.Contains("attribute combinations", refused.Message, StringComparison.Ordinal);
    }

    private static PolicyVocabulary Vocabulary(int categories, int values) => new(Enumerable.Range(0, categories)
        .Select(c => new KeyValuePair<string, IReadOnlyList<string>>($"c{c}", [.. Enumerable.Range(0, values).Select(v => $"v{v}")])));
}
