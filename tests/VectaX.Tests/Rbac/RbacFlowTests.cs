using System.Text;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>The README flow: vocabulary, authority, user keys, sealed records, allowed and denied opens.</summary>
public class RbacFlowTests
{
    [Fact]
    public void The_flow_runs_end_to_end_with_the_similarity_cipher()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey alice = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;groups=team_a;departments=research"));
        using UserKey bob = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user;departments=research"));
        using var cipher = new VectorCipher(VectaXKey.Generate(16));

        float[] vector = TestData.Gaussian(new Random(91), 16);
        AttributeSet policy = RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research");
        EncryptedVector searchable = cipher.Encrypt(vector);
        SealedRecord record = authority.Seal(policy, vector, Encoding.UTF8.GetBytes("quarterly research notes"));

        OpenedRecord opened = alice.Open(record);
        Assert.Equal(vector, opened.Vector);
        Assert.Equal("quarterly research notes", Encoding.UTF8.GetString(opened.Payload));
        Assert.Contains("satisfy", Assert.Throws<AccessDeniedException>(() => bob.Open(record)).Message);

        // The searchable ciphertext and the sealed record travel together; the class tag is all a store filters on.
        Assert.True(cipher.Verify(searchable.Ciphertext, searchable.Metadata));
        using AccessClass aliceClass = alice.OpenClass(record.ClassHeader.Span);
        Assert.Equal(record.AccessTags, [aliceClass.Tag]);
        Assert.Null(bob.TryOpenClass(record.ClassHeader.Span));
    }

    [Fact]
    public void A_record_sealed_without_its_vector_opens_to_the_payload_alone()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "groups=team_b"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "groups=team_b"), default, [1, 2, 3], includeVector: false);
        OpenedRecord opened = key.Open(record);
        Assert.Null(opened.Vector);
        Assert.Equal([1, 2, 3], opened.Payload);
    }

    [Fact]
    public void The_context_binds_the_sealed_blob_to_its_point()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [1f, 2f], [], "point-17"u8);
        Assert.Equal([1f, 2f], key.Open(record, "point-17"u8).Vector!);
        Assert.Throws<AccessDeniedException>(() => key.Open(record, "point-18"u8));
    }

    [Fact]
    public void Headers_reveal_no_names_and_differ_for_the_same_policy()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet policy = RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research");
        SealedRecord a = authority.Seal(policy, [1f], []), b = authority.Seal(policy, [1f], []);
        string text = Encoding.Latin1.GetString(a.Header);
        foreach (string name in new[] { "roles", "admin", "analyst", "research", "departments" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("roles", Encoding.Latin1.GetString(a.ClassHeader.Span), StringComparison.Ordinal);
        Assert.NotEqual(a.Header, b.Header);
        Assert.Equal(a.AccessTags, b.AccessTags);
        Assert.True(a.ClassHeader.Span.SequenceEqual(b.ClassHeader.Span));
    }
}
