using FsCheck.Xunit;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Exactly the satisfying keys open: partial matches, collusions, revoked epochs and strangers are denied, every time.</summary>
public class RbacDenialTests
{
    [Property(MaxTest = 200)]
    public void A_key_opens_a_record_exactly_when_its_attributes_satisfy_the_policy(int seed)
    {
        var random = new Random(seed);
        PolicyVocabulary vocabulary = RbacFixture.RandomVocabulary(random);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet policy = RbacFixture.RandomSet(random, vocabulary);
        AttributeSet user = RbacFixture.RandomSet(random, vocabulary);
        using UserKey key = authority.IssueUserKey(user);
        float[] vector = TestData.Gaussian(random, random.Next(1, 50));
        byte[] payload = new byte[random.Next(0, 100)];
        random.NextBytes(payload);
        SealedRecord record = authority.Seal(policy, vector, payload);

        bool satisfied = policy.IsSatisfiedBy(user);
        using (AccessClass? accessClass = key.TryOpenClass(record.ClassHeader.Span))
        {
            Assert.Equal(satisfied, accessClass is not null);
            Assert.True(accessClass is null || record.AccessTags.SequenceEqual([accessClass.Tag]));
        }

        if (satisfied)
        {
            OpenedRecord opened = key.Open(record);
            Assert.Equal(vector, opened.Vector);
            Assert.Equal(payload, opened.Payload);
        }
        else
        {
            Assert.Throws<AccessDeniedException>(() => key.Open(record));
        }
    }

    [Theory]
    [InlineData("roles=admin", "roles=admin;departments=research")]                      // missing a required category
    [InlineData("roles=user;groups=team_a;departments=research", "roles=admin,analyst;departments=research")] // two of three
    [InlineData("departments=engineering", "departments=research")]                       // wrong value
    public void Partial_matches_are_denied(string user, string policy)
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, user));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, policy), [1f], []);
        Assert.Throws<AccessDeniedException>(() => key.Open(record));
    }

    [Fact]
    public void Two_colluding_users_who_together_satisfy_the_policy_are_denied()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey admin = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=engineering"));
        using UserKey researcher = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin;departments=research"), [1f], []);

        // Pool every atomic key the two hold into one key: it still lacks the (admin, research) combination.
        byte[] a = admin.Export(), r = researcher.Export();
        using UserKey pooled = Pool(a, r);
        Assert.Throws<AccessDeniedException>(() => admin.Open(record));
        Assert.Throws<AccessDeniedException>(() => researcher.Open(record));
        Assert.Throws<AccessDeniedException>(() => pooled.Open(record));
        Assert.Null(pooled.TryOpenClass(record.ClassHeader.Span));
    }

    [Fact]
    public void Rotating_the_epoch_and_rewrapping_locks_out_older_keys_without_touching_the_sealed_blob()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using UserKey old = epoch1.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        SealedRecord record = epoch1.Seal(RbacFixture.Set(vocabulary, "roles=analyst"), [4f, 5f], [9]);

        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        byte[] rewrapped = epoch2.Rewrap(record.ClassHeader.Span, record.Header);
        byte[] currentClass = epoch2.SealerFor(record.ClassHeader.Span).ClassHeader.ToArray();
        using UserKey current = epoch2.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));

        Assert.Equal([4f, 5f], current.Open(currentClass, rewrapped, record.Sealed).Vector!);
        Assert.Contains("epoch", Assert.Throws<AccessDeniedException>(() => old.OpenClass(currentClass)).Message);
        Assert.Throws<AccessDeniedException>(() => old.Open(record.ClassHeader.Span, rewrapped, record.Sealed));
        Assert.Throws<AccessDeniedException>(() => current.Open(record));
        Assert.Throws<AccessDeniedException>(() => current.Open(currentClass, record.Header, record.Sealed));
        Assert.Equal(epoch1.Id, epoch2.Id);
    }

    [Fact]
    public void A_key_from_another_authority_is_denied()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority mine = RbacAuthority.Create(vocabulary), theirs = RbacAuthority.Create(vocabulary);
        using UserKey stranger = theirs.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        SealedRecord record = mine.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [1f], []);
        Assert.Contains("another authority", Assert.Throws<AccessDeniedException>(() => stranger.Open(record)).Message);
        Assert.Throws<AccessDeniedException>(() => theirs.Rewrap(record.ClassHeader.Span, record.Header));
    }

    [Fact]
    public void Unknown_names_and_empty_sets_are_invalid_policies()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        Assert.Throws<InvalidPolicyException>(() => RbacFixture.Set(vocabulary, "roles=root"));
        Assert.Throws<InvalidPolicyException>(() => RbacFixture.Set(vocabulary, "clearance=top"));
        Assert.Throws<InvalidPolicyException>(() => RbacFixture.Set(vocabulary, ""));
        Assert.Throws<InvalidPolicyException>(() => RbacFixture.Set(vocabulary, "roles"));
        Assert.Throws<InvalidPolicyException>(() => new AttributeSet(vocabulary, [new("roles", Array.Empty<string>())]));
        Assert.Throws<InvalidPolicyException>(() => new PolicyVocabulary([new("a;b", ["x"])]));
        Assert.Throws<InvalidPolicyException>(() => new PolicyVocabulary([new("a", ["x", "x"])]));
        Assert.Throws<InvalidPolicyException>(() => new PolicyVocabulary([]));
    }

    private static UserKey Pool(byte[] first, byte[] second)
    {
        UserKey a = UserKey.Import(first), b = UserKey.Import(second);
        byte[][] secrets = [.. Field(a, "_secrets"), .. Field(b, "_secrets")];
        return new UserKey(Convert.FromHexString(a.AuthorityId), a.Epoch, secrets, "pooled");
    }

    private static byte[][] Field(UserKey key, string name) =>
        (byte[][])typeof(UserKey).GetField(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(key)!;
}
