using System.Security.Cryptography;
using System.Text;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>What the symmetric design gives a class member beyond reading: the limit docs/SECURITY.md states.</summary>
public class ClassMemberTests
{
    [Fact]
    public void A_class_member_can_mint_a_record_that_its_peers_accept_but_not_one_of_another_class()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        SealedRecord research = authority.Seal(RbacFixture.Set(vocabulary, "departments=research"), [1f, 2f], "real"u8);
        SealedRecord engineering = authority.Seal(RbacFixture.Set(vocabulary, "departments=engineering"), [3f, 4f], "real"u8);
        using UserKey mallory = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=research"));
        using UserKey peer = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=research,engineering"));

        // Everything below is computed from the class secret the member's key unwraps; nothing needs the master.
        using AccessClass stolen = mallory.OpenClass(research.Header);
        (byte[] header, byte[] blob) = Mint(stolen, research.Header, "forged"u8);
        Assert.Equal("forged", Encoding.UTF8.GetString(peer.Open(header, blob).Payload));

        // The same member cannot mint into a class it is not in: it holds no key of it.
        Assert.Null(mallory.TryOpenClass(engineering.Header));
        (byte[] spliced, byte[] splicedBlob) = Mint(stolen, engineering.Header, "forged"u8);
        Assert.Throws<AccessDeniedException>(() => peer.Open(spliced, splicedBlob));
    }

    private static (byte[] Header, byte[] Blob) Mint(AccessClass accessClass, byte[] template, ReadOnlySpan<byte> payload)
    {
        byte[] dataKey = RandomNumberGenerator.GetBytes(RecordHeader.DataKeySize), recordId = RandomNumberGenerator.GetBytes(RecordHeader.RecordIdSize);
        byte[] classPart = template[..ClassHeader.LengthAt(template)];
        byte[] header = [.. classPart, .. new byte[RecordHeader.RecordPartSize]];
        accessClass.WrapDataKey(classPart, recordId, default, dataKey, header.AsSpan(classPart.Length));
        byte[] gcmKey = new byte[32];
        RecordCrypto.BlobKey(dataKey, gcmKey);
        return (header, RecordCrypto.Seal(gcmKey, recordId, default, [5f, 6f], true, payload));
    }
}
