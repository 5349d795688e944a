using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Rewrap is what a storage operator would attack: it must accept only the header the authority sealed, unchanged.</summary>
public class RewrapTamperTests
{
    [Fact]
    public void A_policy_box_spliced_from_a_wider_record_is_refused_and_opens_nothing()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        using UserKey engineer = epoch2.IssueUserKey(RbacFixture.Set(vocabulary, "roles=user;departments=engineering"));
        SealedRecord wide = epoch1.Seal(RbacFixture.Set(vocabulary, "departments=research,engineering"), [1f], []);
        SealedRecord narrow = epoch1.Seal(RbacFixture.Set(vocabulary, "departments=research"), [2f, 3f], "research only"u8);

        byte[] spliced = Splice(narrow.Header, wide.Header);

        Assert.ThrowsAny<VectaXException>(() => epoch2.Rewrap(spliced));
        Assert.ThrowsAny<VectaXException>(() => engineer.Open(spliced, narrow.Sealed));
    }

    [Fact]
    public void Three_thousand_random_header_mutations_are_all_refused_by_rewrap()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        SealedRecord record = epoch1.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f], [5]);
        var random = new Random(211);
        int tried = 0, accepted = 0;
        while (tried < 3000)
        {
            byte[] mutated = tried % 2 == 0 ? Mutations.Overwrite(random, record.Header) : Mutations.Apply(random, record.Header);
            if (mutated.AsSpan().SequenceEqual(record.Header))
            {
                continue;
            }

            tried++;
            try
            {
                epoch2.Rewrap(mutated);
                accepted++;
            }
            catch (VectaXException)
            {
            }
        }

        Assert.Equal(0, accepted);
        Assert.NotEmpty(epoch2.Rewrap(record.Header));
    }

    /// <summary>The victim's header with the donor's policy box in place of its own (length field fixed up), tag zeroed.</summary>
    internal static byte[] Splice(byte[] victim, byte[] donor)
    {
        (int at, int length) = BoxRange(victim);
        (int donorAt, int donorLength) = BoxRange(donor);
        byte[] result = [.. victim[..(at - 2)], (byte)donorLength, (byte)(donorLength >> 8), .. donor.AsSpan(donorAt, donorLength), .. victim[(at + length)..]];
        return result;
    }

    private static (int At, int Length) BoxRange(byte[] header)
    {
        var view = new RecordHeader.View(header);
        Assert.True(header.AsSpan().Overlaps(view.PolicyBox, out int at));
        return (at, view.PolicyBox.Length);
    }
}
