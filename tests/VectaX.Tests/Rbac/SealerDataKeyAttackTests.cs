using System.Collections.Concurrent;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// Record headers version 4: a data key per sealer and class epoch, carried wrapped by every record header of that key,
/// each blob under a fresh random nonce bound to its record id and context. What an attacker holding the store (or a
/// revoked key) tries against records that share a key.
/// </summary>
public class SealerDataKeyAttackTests
{
    private static readonly PolicyVocabulary s_vocabulary = RbacFixture.Vocabulary();
    private static readonly AttributeSet s_policy = RbacFixture.Set(s_vocabulary, "roles=admin,analyst;departments=research");
    private static readonly AttributeSet s_reader = RbacFixture.Set(s_vocabulary, "roles=analyst;departments=research");

    [Fact]
    public void Records_of_one_sealer_share_the_wrapped_key_and_open_only_with_their_own_header()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        PolicySealer sealer = authority.CreateSealer(s_policy);
        SealedRecord a = sealer.Seal([1f, 2f], "a"u8, "point-1"u8);
        SealedRecord b = sealer.Seal([3f, 4f], "b"u8, "point-2"u8);
        byte[] classHeader = a.ClassHeader.ToArray();
        Assert.Equal(Wrapped(a), Wrapped(b));
        Assert.NotEqual(RecordId(a), RecordId(b));

        // A's header on B's blob, B's blob under A's record id, A's blob in B's point: the blob's tag refuses each.
        Assert.Throws<AccessDeniedException>(() => user.Open(classHeader, a.Header, b.Sealed, "point-2"u8));
        Assert.Throws<AccessDeniedException>(() => user.Open(classHeader, a.Header, b.Sealed, "point-1"u8));
        byte[] bWithAsId = (byte[])b.Header.Clone();
        RecordId(a).CopyTo(bWithAsId, RecordHeader.RecordIdOffset);
        Assert.Throws<AccessDeniedException>(() => user.Open(classHeader, bWithAsId, b.Sealed, "point-2"u8));
        Assert.Throws<AccessDeniedException>(() => user.Open(classHeader, b.Header, a.Sealed, "point-2"u8));
        Assert.Throws<AccessDeniedException>(() => user.Open(classHeader, a.Header, a.Sealed, "point-2"u8));

        // A header rebuilt from A's id and the shared wrapped key is A's header: it opens A, nothing else.
        Assert.Equal([1f, 2f], user.Open(classHeader, bWithAsId, a.Sealed, "point-1"u8).Vector!);
        Assert.Equal("b"u8.ToArray(), user.Open(classHeader, b.Header, b.Sealed, "point-2"u8).Payload);
    }

    [Fact]
    public void A_header_moved_to_another_class_or_epoch_is_refused()
    {
        using RbacAuthority epoch1 = RbacAuthority.Create(s_vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        using UserKey user1 = epoch1.IssueUserKey(RbacFixture.Set(s_vocabulary, "roles=admin;departments=research,engineering"));
        using UserKey user2 = epoch2.IssueUserKey(RbacFixture.Set(s_vocabulary, "roles=admin;departments=research,engineering"));
        SealedRecord research = epoch1.Seal(s_policy, [1f], "r"u8);
        SealedRecord engineering = epoch1.Seal(RbacFixture.Set(s_vocabulary, "roles=admin;departments=engineering"), [2f], "e"u8);
        SealedRecord later = epoch2.Seal(s_policy, [3f], "l"u8);

        // The research header under the engineering class, and with engineering's class part (its wrapped key then fails).
        Assert.Throws<AccessDeniedException>(() => user1.Open(engineering.ClassHeader.Span, research.Header, research.Sealed));
        byte[] retagged = Splice(engineering.Header, research.Header, RecordHeader.RecordIdOffset);
        Assert.Throws<AccessDeniedException>(() => user1.Open(engineering.ClassHeader.Span, retagged, research.Sealed));

        // Engineering's wrapped key and class part with research's record id, over research's blob: another data key.
        byte[] borrowed = (byte[])engineering.Header.Clone();
        RecordId(research).CopyTo(borrowed, RecordHeader.RecordIdOffset);
        Assert.Throws<AccessDeniedException>(() => user1.Open(engineering.ClassHeader.Span, borrowed, research.Sealed));

        // The epoch field rewritten: the class part the wrapped key is bound to changed.
        byte[] relabelled = (byte[])research.Header.Clone();
        relabelled[RecordHeader.EpochOffset] = 2;
        Assert.Throws<AccessDeniedException>(() => user1.Open(research.ClassHeader.Span, relabelled, research.Sealed));
        Assert.Throws<AccessDeniedException>(() => user2.Open(later.ClassHeader.Span, relabelled, research.Sealed));
        byte[] moved = Splice(later.Header, research.Header, RecordHeader.RecordIdOffset);
        Assert.Throws<AccessDeniedException>(() => user2.Open(later.ClassHeader.Span, moved, research.Sealed));
    }

    [Fact]
    public void After_eager_revocation_an_old_header_or_a_cached_data_key_opens_no_new_record()
    {
        using RbacAuthority epoch1 = RbacAuthority.Create(s_vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        using UserKey revoked = epoch1.IssueUserKey(s_reader);
        using UserKey current = epoch2.IssueUserKey(s_reader);
        SealedRecord old = epoch1.Seal(s_policy, [1f, 2f], "p"u8, "point"u8);

        // The revoked user read the record at epoch 1: its class and data key are in the user's cache.
        Assert.Equal([1f, 2f], revoked.Open(old, "point"u8).Vector!);
        AccessClass cached = revoked.OpenClassCached(old.ClassHeader.Span)!;
        Assert.Equal(1, cached.CachedDataKeys);

        // Eager revocation re-seals the record at epoch 2 (same point, new data key).
        OpenedRecord plain = epoch1.Open(old.ClassHeader.Span, old.Header, old.Sealed, "point"u8);
        SealedRecord resealed = epoch2.SealerFor(old.ClassHeader.Span).Seal(plain.Vector, plain.Payload, "point"u8);
        Assert.Equal([1f, 2f], current.Open(resealed, "point"u8).Vector!);

        // Replaying the old header over the new blob, the new header to the old key, or a header built from the cached
        // class part and wrapped key with the new record's id: each is refused.
        Assert.Throws<AccessDeniedException>(() => revoked.Open(old.ClassHeader.Span, old.Header, resealed.Sealed, "point"u8));
        Assert.Throws<AccessDeniedException>(() => current.Open(old.ClassHeader.Span, old.Header, resealed.Sealed, "point"u8));
        Assert.Throws<AccessDeniedException>(() => revoked.Open(resealed, "point"u8));
        byte[] forged = Splice(resealed.Header, old.Header, RecordHeader.RecordIdOffset);
        Assert.Throws<AccessDeniedException>(() => revoked.Open(old.ClassHeader.Span, forged, resealed.Sealed, "point"u8));
        Assert.Throws<AccessDeniedException>(() => cached.Open(forged, resealed.Sealed, "point"u8));
        byte[] grafted = Splice(old.Header, resealed.Header, RecordHeader.WrappedOffset);
        Assert.Throws<AccessDeniedException>(() => cached.Open(grafted, resealed.Sealed, "point"u8));
        Assert.Equal(1, cached.CachedDataKeys);
    }

    [Fact]
    public void A_tampered_wrapped_key_is_refused_and_never_cached()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        SealedRecord record = authority.Seal(s_policy, [1f], "p"u8);
        AccessClass opened = user.OpenClassCached(record.ClassHeader.Span)!;
        for (int at = RecordHeader.WrappedOffset; at < RecordHeader.Size; at++)
        {
            byte[] header = (byte[])record.Header.Clone();
            header[at] ^= 0x01;
            Assert.Throws<AccessDeniedException>(() => user.Open(record.ClassHeader.Span, header, record.Sealed));
            Assert.Equal(0, opened.CachedDataKeys);
        }

        Assert.Equal([1f], user.Open(record).Vector!);
        Assert.Equal(1, opened.CachedDataKeys);

        // With the genuine key cached, a tampered one is still a miss and still refused.
        byte[] late = (byte[])record.Header.Clone();
        late[^1] ^= 0x80;
        Assert.Throws<AccessDeniedException>(() => user.Open(record.ClassHeader.Span, late, record.Sealed));
        Assert.Equal(1, opened.CachedDataKeys);
    }

    [Fact]
    public void A_sealer_rotates_its_data_key_at_its_record_count()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 3 };
        SealedRecord[] records = [.. Enumerable.Range(0, 7).Select(i => sealer.Seal([i], [(byte)i]))];
        string[] keys = [.. records.Select(r => Convert.ToBase64String(Wrapped(r)))];
        Assert.Equal([keys[0], keys[0], keys[0], keys[3], keys[3], keys[3], keys[6]], keys);
        Assert.Equal(3, keys.Distinct().Count());
        for (int i = 0; i < records.Length; i++)
        {
            Assert.Equal([(float)i], user.Open(records[i]).Vector!);
        }

        Assert.Equal(3, user.OpenClassCached(records[0].ClassHeader.Span)!.CachedDataKeys);
        Assert.True(PolicySealer.DefaultRecordsPerDataKey <= 1L << 32, "random 96-bit nonces: at most 2^32 per key (SP 800-38D)");
    }

    [Fact]
    public void Concurrent_seals_on_one_sealer_never_repeat_a_nonce_and_all_open()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 97 };
        var records = new ConcurrentBag<(int Thread, int I, SealedRecord Record)>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (int i = 0; i < 400; i++)
            {
                records.Add((t, i, sealer.Seal([t, i], [(byte)t, (byte)i], [(byte)t, (byte)i])));
            }
        });

        Assert.Equal(3200, records.Count);
        var nonces = new HashSet<string>();
        var perKey = new Dictionary<string, int>();
        foreach ((int t, int i, SealedRecord record) in records)
        {
            Assert.True(nonces.Add(Convert.ToBase64String(record.Sealed.AsSpan(1, RecordCrypto.GcmNonceSize))), "a blob nonce repeated");
            string key = Convert.ToBase64String(Wrapped(record));
            perKey[key] = perKey.GetValueOrDefault(key) + 1;
            OpenedRecord opened = user.Open(record, [(byte)t, (byte)i]);
            Assert.Equal([(float)t, i], opened.Vector!);
        }

        Assert.All(perKey.Values, n => Assert.InRange(n, 1, 97));
        Assert.InRange(perKey.Count, 3200 / 97, 3200);
    }

    [Fact]
    public void The_data_key_cache_is_capped_and_opens_past_its_cap()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 1 };
        SealedRecord[] records = [.. Enumerable.Range(0, DataKeyCache.Capacity + 40).Select(i => sealer.Seal([i], []))];
        AccessClass opened = user.OpenClassCached(records[0].ClassHeader.Span)!;
        foreach (SealedRecord record in records.Concat(records.Take(10)))
        {
            Assert.Equal(record.Sealed.Length, RecordCrypto.SealedSize(1, 0));
            user.Open(record);
            Assert.InRange(opened.CachedDataKeys, 1, DataKeyCache.Capacity);
        }

        user.Dispose();
        Assert.Equal(0, opened.CachedDataKeys);
    }

    [Fact]
    public void Lazy_rewrap_keeps_the_records_of_one_data_key_on_one_wrapped_key()
    {
        using RbacAuthority epoch1 = RbacAuthority.Create(s_vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        using UserKey revoked = epoch1.IssueUserKey(s_reader);
        using UserKey current = epoch2.IssueUserKey(s_reader);
        PolicySealer sealer = epoch1.CreateSealer(s_policy);
        SealedRecord a = sealer.Seal([1f], "a"u8, "1"u8), b = sealer.Seal([2f], "b"u8, "2"u8);
        byte[] a2 = epoch2.Rewrap(a.ClassHeader.Span, a.Header), b2 = epoch2.Rewrap(a.ClassHeader.Span, b.Header);
        byte[] newClass = epoch2.SealerFor(a.ClassHeader.Span).ClassHeader.ToArray();
        Assert.Equal(a2.AsSpan(RecordHeader.WrappedOffset).ToArray(), b2.AsSpan(RecordHeader.WrappedOffset).ToArray());
        Assert.NotEqual(Wrapped(a), a2.AsSpan(RecordHeader.WrappedOffset).ToArray());
        Assert.Equal([1f], current.Open(newClass, a2, a.Sealed, "1"u8).Vector!);
        Assert.Equal([2f], current.Open(newClass, b2, b.Sealed, "2"u8).Vector!);
        Assert.Throws<AccessDeniedException>(() => current.Open(newClass, a2, b.Sealed, "2"u8));
        Assert.Throws<AccessDeniedException>(() => revoked.Open(newClass, a2, a.Sealed, "1"u8));
        Assert.Equal(1, current.OpenClassCached(newClass)!.CachedDataKeys);

        // The documented limit of the lazy way (docs/SECURITY.md, Revocation): a revoked key that opened one record of
        // the old data key rebuilds the old header of any other record re-wrapped from it (class part and wrapped key
        // from the record it read, the record id from the new header) and opens that record's kept blob.
        Assert.Equal([1f], revoked.Open(a, "1"u8).Vector!);
        byte[] rebuilt = [.. a.Header.AsSpan(0, RecordHeader.RecordIdOffset), .. b2.AsSpan(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize), .. Wrapped(a)];
        Assert.Equal([2f], revoked.Open(a.ClassHeader.Span, rebuilt, b.Sealed, "2"u8).Vector!);
    }

    private static byte[] Wrapped(SealedRecord record) => record.Header.AsSpan(RecordHeader.WrappedOffset).ToArray();

    private static byte[] RecordId(SealedRecord record) => record.Header.AsSpan(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize).ToArray();

    /// <summary><paramref name="head"/>'s bytes before <paramref name="at"/>, then <paramref name="tail"/>'s from there.</summary>
    private static byte[] Splice(byte[] head, byte[] tail, int at) => [.. head.AsSpan(0, at), .. tail.AsSpan(at)];
}
