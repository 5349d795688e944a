using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// A store operator against a user key's class cache: the entry table is not under the class MAC, so an operator who
/// alters it can make a key deny a class it should open. The denial must not outlast the repair for the key's life.
/// </summary>
public class ClassCacheAttackTests
{
    [Fact]
    public void A_denial_planted_by_altered_entry_labels_expires_and_the_repaired_header_opens()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        var clock = new ManualClock();
        key.Clock = clock;
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f, 3f], [7, 7]);
        byte[] genuine = record.ClassHeader.ToArray();
        byte[] core = genuine[..RbacHeaders.ClassCoreLength(genuine)];

        // Every label altered: the key finds none of its own and, as for a class it may not open, remembers a denial.
        Assert.Null(key.OpenClassCached(AlteredLabels(genuine)));
        Assert.True(key.TryGetCachedClass(core, out AccessClass? denied));
        Assert.Null(denied);

        // Repaired, the denial still stands while it is fresh (a search does not fetch the table again)...
        clock.Advance(key.DenialLifetime - TimeSpan.FromSeconds(1));
        Assert.Null(key.OpenClassCached(genuine));

        // ...and not past its lifetime: the key looks again and opens the class.
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(key.TryGetCachedClass(core, out _));
        AccessClass? opened = key.OpenClassCached(genuine);
        Assert.NotNull(opened);
        Assert.Equal([1f, 2f, 3f], opened.Open(record.Header, record.Sealed).Vector!);
        Assert.True(key.TryGetCachedClass(core, out AccessClass? kept));
        Assert.Same(opened, kept);
    }

    [Fact]
    public void A_class_opened_from_the_genuine_table_wins_over_a_denial_from_an_altered_one()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin;departments=research"), [4f, 5f], [1]);
        byte[] genuine = record.ClassHeader.ToArray();
        byte[] altered = AlteredLabels(genuine);

        // Opened first, the class stays opened: a later altered copy of its table does not turn it into a denial.
        AccessClass? opened = key.OpenClassCached(genuine);
        Assert.NotNull(opened);
        Assert.Same(opened, key.OpenClassCached(altered));
        Assert.Equal([4f, 5f], key.Open(genuine, record.Header, record.Sealed).Vector!);
    }

    [Fact]
    public void The_denial_lifetime_refuses_a_negative_value_and_zero_remembers_no_denial()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user"));
        Assert.Throws<ArgumentOutOfRangeException>(() => key.DenialLifetime = TimeSpan.FromSeconds(-1));
        key.DenialLifetime = TimeSpan.Zero;
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin"), [1f], [1]);
        Assert.Null(key.OpenClassCached(record.ClassHeader.Span));
        Assert.False(key.TryGetCachedClass(record.ClassHeader.Span, out _));
    }

    /// <summary>The header with the first byte of every entry's label flipped.</summary>
    private static byte[] AlteredLabels(byte[] header)
    {
        byte[] altered = (byte[])header.Clone();
        for (int at = RbacHeaders.ClassCoreLength(header); at < altered.Length; at += RbacHeaders.ClassEntrySize)
        {
            altered[at] ^= 0x80;
        }

        return altered;
    }
}
