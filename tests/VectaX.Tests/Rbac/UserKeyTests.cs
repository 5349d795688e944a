using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>User keys serialise for hand-out, and never print their secrets.</summary>
public class UserKeyTests
{
    [Fact]
    public void Base64_round_trip_keeps_the_key_working()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin,analyst;groups=team_a"));
        using UserKey back = UserKey.FromBase64(key.ToBase64());
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=analyst"), [3f], []);
        Assert.Equal([3f], back.Open(record).Vector!);
        Assert.Equal(key.ToString(), back.ToString());
        Assert.Throws<MalformedDataException>(() => UserKey.FromBase64("@@"));
    }

    [Fact]
    public void Text_shows_attributes_and_epoch_but_no_key_bytes()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        byte[] blob = key.Export();
        string secretHex = Convert.ToHexString(blob.AsSpan(18, 32));
        Assert.Contains("roles=admin", key.ToString());
        Assert.DoesNotContain(secretHex, key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(authority.ExportSecret()), authority.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_user_key_holds_one_combination_per_choice_of_value_or_wildcard()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin,analyst;groups=team_a;departments=research"));
        Assert.Contains($"combinations={(3 * 2 * 2) - 1})", key.ToString(), StringComparison.Ordinal);
    }
}
