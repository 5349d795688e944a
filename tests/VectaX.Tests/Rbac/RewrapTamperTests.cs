using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Rewrap is what a storage operator would attack: it must accept only the headers the authority sealed, unchanged.</summary>
public class RewrapTamperTests
{
    [Fact]
    public void A_policy_box_spliced_from_a_wider_class_is_refused_and_opens_nothing()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        using UserKey engineer = epoch1.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user;departments=engineering"));
        SealedRecord wide = epoch1.Seal(RbacFixture.Set(vocabulary, "departments=research,engineering"), [1f], []);
        SealedRecord narrow = epoch1.Seal(RbacFixture.Set(vocabulary, "departments=research"), [2f, 3f], "research only"u8);

        byte[] spliced = Splice(narrow.ClassHeader.ToArray(), wide.ClassHeader.ToArray());

        Assert.ThrowsAny<VectaXException>(() => epoch2.Rewrap(spliced, narrow.Header));
        Assert.ThrowsAny<VectaXException>(() => engineer.OpenClass(spliced));
        Assert.ThrowsAny<VectaXException>(() => engineer.Open(spliced, narrow.Header, narrow.Sealed));

        // A record header moved under the wide class (which the engineer opens) does not open either.
        Assert.Throws<AccessDeniedException>(() => engineer.Open(wide.ClassHeader.Span, narrow.Header, narrow.Sealed));
        Assert.Throws<AccessDeniedException>(() => epoch2.Rewrap(wide.ClassHeader.Span, narrow.Header));
    }

    [Fact]
    public void Three_thousand_random_mutations_of_class_core_or_record_header_are_refused_by_rewrap_or_open_nothing()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        SealedRecord record = epoch1.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f], [5]);
        byte[] core = record.ClassHeader.Span[..RbacHeaders.ClassCoreLength(record.ClassHeader.Span)].ToArray();
        using UserKey reader = epoch2.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        byte[] newClass = epoch2.SealerFor(core).ClassHeader.ToArray();
        var random = new Random(211);
        int tried = 0, accepted = 0;
        while (tried < 3000)
        {
            bool inCore = tried % 2 == 0;
            byte[] target = inCore ? core : record.Header;
            byte[] mutated = tried % 4 < 2 ? Mutations.Overwrite(random, target) : Mutations.Apply(random, target);
            if (mutated.AsSpan().SequenceEqual(target))
            {
                continue;
            }

            tried++;
            byte[] rewrapped;
            try
            {
                rewrapped = epoch2.Rewrap(inCore ? mutated : core, inCore ? record.Header : mutated);
            }
            catch (VectaXException)
            {
                continue;
            }

            // The record id is bound by the blob, not by the wrapped key: only a header whose id alone changed is
            // re-wrapped, and its new header opens nothing.
            accepted++;
            Assert.False(inCore);
            Assert.True(mutated.Length == record.Header.Length && mutated.AsSpan(0, RecordHeader.RecordIdOffset).SequenceEqual(record.Header.AsSpan(0, RecordHeader.RecordIdOffset)) && mutated.AsSpan(RecordHeader.WrappedOffset).SequenceEqual(record.Header.AsSpan(RecordHeader.WrappedOffset)));
            Assert.Throws<AccessDeniedException>(() => reader.Open(newClass, rewrapped, record.Sealed));
        }

        Assert.True(accepted < tried / 4, $"{accepted} of {tried} mutations re-wrapped");
        Assert.Equal([1f, 2f], reader.Open(newClass, epoch2.Rewrap(core, record.Header), record.Sealed).Vector!);
    }

    /// <summary>The victim's class header with the donor's policy box in place of its own (length field fixed up).</summary>
    internal static byte[] Splice(byte[] victim, byte[] donor)
    {
        (int at, int length) = BoxRange(victim);
        (int donorAt, int donorLength) = BoxRange(donor);
        return [.. victim[..(at - 2)], (byte)donorLength, (byte)(donorLength >> 8), .. donor.AsSpan(donorAt, donorLength), .. victim[(at + length)..]];
    }

    private static (int At, int Length) BoxRange(byte[] header)
    {
        var view = new ClassHeaderLayout.View(header, needEntries: true);
        Assert.True(header.AsSpan().Overlaps(view.PolicyBox, out int at));
        return (at, view.PolicyBox.Length);
    }
}
