using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>What headers and a point's tags say to the server: one record header size for every policy, and class headers of padded sizes only.</summary>
public class LeakageTests
{
    private static readonly string[] s_policies =
    [
        "roles=admin",
        "roles=user",
        "groups=team_a",
        "departments=engineering",
        "roles=admin,analyst",
        "roles=admin;groups=team_b",
        "roles=analyst,user;departments=research",
        "roles=admin,analyst,user;groups=team_a,team_b;departments=research,engineering",
    ];

    [Fact]
    public void Every_policy_gives_one_record_header_size_and_one_tag_count()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        SealedRecord[] records = [.. s_policies.Select(p => authority.Seal(RbacFixture.Set(vocabulary, p), [1f, 2f], [7]))];

        Assert.Equal(s_policies.Length, s_policies.Select(p => p.Length).Distinct().Count());
        Assert.Equal([RbacHeaders.RecordHeaderSize], records.Select(r => r.Header.Length).Distinct());
        Assert.True(RbacHeaders.RecordHeaderSize <= 128);
        Assert.Single(records.Select(r => r.AccessTags.Count).Distinct());
    }

    [Fact]
    public void A_longer_policy_text_moves_the_class_header_to_the_next_padded_size_only()
    {
        var vocabulary = new PolicyVocabulary([new("c", Enumerable.Range(0, 40).Select(v => $"value_with_a_long_name_{v}").ToArray())]);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        int Size(int values) => authority.Seal(new AttributeSet(vocabulary, [new("c", vocabulary.ValuesOf("c").Take(values).ToArray())]), [1f], []).ClassHeader.Length;

        // 3 and 4 values: one entry bucket (4), texts of 76 and 101 bytes in one box size (128).
        Assert.Equal(Size(3), Size(4));

        // 5 to 8 values: the next entry bucket (8), and texts of 126 to 201 bytes straddle the 128-byte box size.
        int[] sizes = [.. Enumerable.Range(5, 4).Select(Size)];
        Assert.InRange(sizes.Distinct().Count(), 1, 2);
        Assert.All(sizes, size => Assert.Contains(size - Size(5), new[] { 0, 512 - 128 }));
    }

    [Fact]
    public void Older_headers_and_user_keys_are_refused_with_a_message_that_says_so()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [1f], []);
        byte[] classHeader = record.ClassHeader.ToArray();
        // Version 3 record headers and blobs (a data key per record) are refused too; class headers are still version 3.
        foreach (byte version in new byte[] { 1, 2, 3 })
        {
            byte[] old = (byte[])record.Header.Clone();
            old[0] = version;
            Assert.Contains("no longer read", Assert.Throws<MalformedDataException>(() => key.Open(classHeader, old, record.Sealed)).Message);
            Assert.Contains("no longer read", Assert.Throws<MalformedDataException>(() => authority.Rewrap(classHeader, old)).Message);
            if (version < 3)
            {
                byte[] oldClass = (byte[])classHeader.Clone();
                oldClass[0] = version;
                Assert.Contains("no longer read", Assert.Throws<MalformedDataException>(() => key.OpenClass(oldClass)).Message);
                Assert.Contains("no longer read", Assert.Throws<MalformedDataException>(() => authority.OpenClass(oldClass)).Message);
            }

            byte[] oldBlob = (byte[])record.Sealed.Clone();
            oldBlob[0] = version;
            Assert.Contains("no longer read", Assert.Throws<MalformedDataException>(() => key.Open(classHeader, record.Header, oldBlob)).Message);
        }

        byte[] oldKey = key.Export();
        oldKey[3] = 1;
        Assert.Contains("Issue a new key", Assert.Throws<MalformedDataException>(() => UserKey.Import(oldKey)).Message);
    }
}
