using System.Buffers.Binary;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// Opening a record through a key's class cache finds the class by the tag its record header names, without hashing the
/// class core: an attacker who splices headers, alters a core or an epoch, or races the cache must get no class the
/// presented core would not have given, and a disposed key serves nothing.
/// </summary>
public class RecordClassCacheTests
{
    [Fact]
    public void A_record_of_one_cached_class_is_refused_under_the_class_header_of_another()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;groups=team_a;departments=research"));
        SealedRecord a = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [1f, 2f], [1]);
        SealedRecord b = authority.Seal(RbacFixture.Set(vocabulary, "groups=team_a"), [3f, 4f], [2]);
        Assert.Equal([1f, 2f], key.Open(a).Vector!);
        Assert.Equal([3f, 4f], key.Open(b).Vector!);

        // Both classes cached: b's record (its tag finds b's class) under a's class header, and the other way round.
        Assert.Throws<AccessDeniedException>(() => key.Open(a.ClassHeader.Span, b.Header, b.Sealed));
        Assert.Throws<AccessDeniedException>(() => key.Open(b.ClassHeader.Span, a.Header, a.Sealed));
        Assert.Throws<AccessDeniedException>(() => authority.Open(a.ClassHeader.Span, b.Header, b.Sealed));
    }

    [Fact]
    public void An_altered_core_of_a_cached_class_is_refused_though_the_record_names_the_class()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=analyst"), [5f], [5]);
        Assert.Equal([5f], key.Open(record).Vector!);
        Assert.Equal([5f], authority.Open(record.ClassHeader.Span, record.Header, record.Sealed).Vector!);

        int coreLength = RbacHeaders.ClassCoreLength(record.ClassHeader.Span);
        for (int at = 0; at < coreLength; at += 7)
        {
            byte[] altered = record.ClassHeader.ToArray();
            altered[at] ^= 0x01;
            Assert.ThrowsAny<VectaXException>(() => key.Open(altered, record.Header, record.Sealed));
            Assert.ThrowsAny<VectaXException>(() => authority.Open(altered, record.Header, record.Sealed));
        }

        // The genuine core still opens: nothing altered was kept.
        Assert.Equal([5f], key.Open(record).Vector!);
    }

    [Fact]
    public void A_record_header_altered_in_its_authority_epoch_or_tag_is_refused_by_a_cached_class()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user;groups=team_b"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=user"), [6f, 7f], [6]);
        Assert.Equal([6f, 7f], key.Open(record).Vector!);

        byte[] epoch = (byte[])record.Header.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(epoch.AsSpan(1 + 8), authority.Epoch + 1);
        Assert.Throws<AccessDeniedException>(() => key.Open(record.ClassHeader.Span, epoch, record.Sealed));
        Assert.Throws<AccessDeniedException>(() => authority.Open(record.ClassHeader.Span, epoch, record.Sealed));

        byte[] issuer = (byte[])record.Header.Clone();
        issuer[1] ^= 0x01;
        Assert.Throws<AccessDeniedException>(() => key.Open(record.ClassHeader.Span, issuer, record.Sealed));

        byte[] tag = (byte[])record.Header.Clone();
        tag[1 + 8 + 4] ^= 0x01;
        Assert.Throws<AccessDeniedException>(() => key.Open(record.ClassHeader.Span, tag, record.Sealed));
        Assert.Throws<AccessDeniedException>(() => authority.Open(record.ClassHeader.Span, tag, record.Sealed));
    }

    [Fact]
    public void A_key_of_another_epoch_is_refused_a_class_its_authority_has_cached()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using RbacAuthority next = authority.AtEpoch(authority.Epoch + 1);
        using UserKey old = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        SealedRecord current = next.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [8f], [8]);
        Assert.Equal([8f], next.Open(current.ClassHeader.Span, current.Header, current.Sealed).Vector!);
        Assert.Throws<AccessDeniedException>(() => old.Open(current));
    }

    [Fact]
    public void Many_threads_opening_records_of_several_classes_through_one_key_each_get_their_own_record()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;groups=team_a;departments=research"));
        string[] policies = ["roles=admin", "groups=team_a", "departments=research", "roles=admin,analyst"];
        SealedRecord[] records = [.. Enumerable.Range(0, 64).Select(i => authority.Seal(RbacFixture.Set(vocabulary, policies[i % policies.Length]), [i], [(byte)i], BitConverter.GetBytes(i)))];
        int wrong = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            int i = n % records.Length;
            SealedRecord r = records[i];
            OpenedRecord opened = key.Open(r, BitConverter.GetBytes(i));
            if (opened.Vector![0] != i || opened.Payload[0] != (byte)i)
            {
                Interlocked.Increment(ref wrong);
            }

            // A record under the next class's header: refused whichever thread cached what.
            SealedRecord other = records[(i + 1) % records.Length];
            try
            {
                key.Open(other.ClassHeader.Span, r.Header, r.Sealed, BitConverter.GetBytes(i));
                Interlocked.Increment(ref wrong);
            }
            catch (AccessDeniedException)
            {
            }
        });
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_disposed_key_serves_no_cached_class_and_its_classes_are_zeroed()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=analyst"), [9f], [9]);
        Assert.Equal([9f], key.Open(record).Vector!);
        AccessClass cached = key.OpenClassCached(record.ClassHeader.Span)!;
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Open(record));
        Assert.Throws<ObjectDisposedException>(() => cached.Open(record.Header, record.Sealed));
    }
}
