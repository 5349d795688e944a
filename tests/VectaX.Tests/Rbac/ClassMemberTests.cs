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
        using AccessClass stolen = mallory.OpenClass(research.ClassHeader.Span);
        (byte[] header, byte[] blob) = Mint(stolen, "forged"u8);
        Assert.Equal("forged", Encoding.UTF8.GetString(peer.Open(research.ClassHeader.Span, header, blob).Payload));

        // The same member cannot mint into a class it is not in: it holds no key of it. Its record names its own
        // class; naming the other class's tag instead fails that class's GCM tag.
        Assert.Null(mallory.TryOpenClass(engineering.ClassHeader.Span));
        Assert.Throws<AccessDeniedException>(() => peer.Open(engineering.ClassHeader.Span, header, blob));
        byte[] retagged = (byte[])header.Clone();
        engineering.Header.AsSpan(RecordHeader.TagOffset, RecordHeader.TagSize).CopyTo(retagged.AsSpan(RecordHeader.TagOffset));
        Assert.Throws<AccessDeniedException>(() => peer.Open(engineering.ClassHeader.Span, retagged, blob));
    }

    private static (byte[] Header, byte[] Blob) Mint(AccessClass accessClass, ReadOnlySpan<byte> payload)
    {
        byte[] dataKey = RandomNumberGenerator.GetBytes(RecordHeader.DataKeySize), recordId = RandomNumberGenerator.GetBytes(RecordHeader.RecordIdSize);
        byte[] header = new byte[RecordHeader.Size];
        DataKey wrapped = accessClass.Wrap(dataKey);
        accessClass.WriteHeader(recordId, wrapped.Wrapped, header);
        wrapped.Retire();
        using var gcm = new AesGcm(dataKey, RecordCrypto.GcmTagSize);
        return (header, RecordCrypto.Seal(gcm, header, default, [5f, 6f], true, payload));
    }
}
