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

    [Fact]
    public void A_revoked_member_mints_current_records_under_a_lazily_rewrapped_data_key_but_not_after_an_eager_reseal()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        AttributeSet policy = RbacFixture.Set(vocabulary, "departments=research");
        using RbacAuthority epoch1 = RbacAuthority.Create(vocabulary);
        using RbacAuthority epoch2 = epoch1.AtEpoch(2);
        SealedRecord a = epoch1.Seal(policy, [1f, 2f], "a"u8, "point-a"u8);
        SealedRecord b = epoch1.Seal(policy, [3f, 4f], "b"u8, "point-b"u8);
        using UserKey mallory = epoch1.IssueUserKey(policy);
        using UserKey peer = epoch2.IssueUserKey(policy);
        byte[] newClass = epoch2.SealerFor(a.ClassHeader.Span).ClassHeader.ToArray();

        // Mallory, a member at epoch 1, kept the data key of record a: her sealer's key, shared by record b.
        using AccessClass stolen = mallory.OpenClass(a.ClassHeader.Span);
        byte[] dataKey = new byte[RecordHeader.DataKeySize];
        stolen.UnwrapDataKey(new RecordHeader.View(a.Header), dataKey);

        // Lazy revocation re-wraps that key at epoch 2 for both records; any of the new headers, given another record id,
        // carries a blob Mallory seals under the old key into a point of her choice, and the current member accepts it.
        byte[] lazy = epoch2.Rewrap(a.ClassHeader.Span, b.Header);
        byte[] forged = (byte[])lazy.Clone();
        RandomNumberGenerator.Fill(forged.AsSpan(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize));
        byte[] blob = SealUnder(dataKey, forged, "point-z"u8);
        Assert.Equal("forged", Encoding.UTF8.GetString(peer.Open(newClass, forged, blob, "point-z"u8).Payload));

        // An eager revocation re-seals under the epoch 2 sealer's own data key: no current header carries the old one.
        OpenedRecord plain = epoch1.Open(a.ClassHeader.Span, a.Header, a.Sealed, "point-a"u8);
        SealedRecord resealed = epoch2.SealerFor(a.ClassHeader.Span).Seal(plain.Vector, plain.Payload, "point-a"u8);
        byte[] eager = (byte[])resealed.Header.Clone();
        RandomNumberGenerator.Fill(eager.AsSpan(RecordHeader.RecordIdOffset, RecordHeader.RecordIdSize));
        Assert.Throws<AccessDeniedException>(() => peer.Open(newClass, eager, SealUnder(dataKey, eager, "point-z"u8), "point-z"u8));
        Assert.Equal("a", Encoding.UTF8.GetString(peer.Open(newClass, resealed.Header, resealed.Sealed, "point-a"u8).Payload));
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

    private static byte[] SealUnder(byte[] dataKey, byte[] header, ReadOnlySpan<byte> context)
    {
        using var gcm = new AesGcm(dataKey, RecordCrypto.GcmTagSize);
        return RecordCrypto.Seal(gcm, header, context, [9f], true, "forged"u8);
    }
}
