using System.Buffers.Binary;
using System.Security.Cryptography;
using VectaX.Rbac;
using VectaX.Tests.Cli;

namespace VectaX.Tests.Rbac;

/// <summary>
/// The error paths Stryker found unpinned in UserKey, Combinations and the authority file: which message each refusal
/// carries, the checksum itself, the class cache after an altered entry and after disposal, and a policy too large to
/// enumerate.
/// </summary>
public sealed class RbacErrorPathTests : TempFolderTest
{
    private static (RbacAuthority Authority, UserKey User, SealedRecord Record) Sealed()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        RbacAuthority authority = RbacAuthority.Create(vocabulary);
        UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;groups=team_a"));
        return (authority, user, authority.Seal(RbacFixture.Set(vocabulary, "roles=analyst,admin;groups=team_a,team_b"), [1f], "p"u8));
    }

    private static byte[] WithChecksum(byte[] blob)
    {
        SHA256.HashData(blob.AsSpan(0, blob.Length - 8))[..8].CopyTo(blob.AsSpan(blob.Length - 8));
        return blob;
    }

    [Fact]
    public void A_user_key_with_a_changed_byte_and_its_old_checksum_is_corrupted()
    {
        (RbacAuthority authority, UserKey user, _) = Sealed();
        using (authority)
        using (user)
        {
            byte[] blob = user.Export();
            for (int at = 4; at < blob.Length - 8; at++)
            {
                byte[] changed = (byte[])blob.Clone();
                changed[at] ^= 1;
                Assert.Contains("checksum", Assert.Throws<MalformedDataException>(() => UserKey.Import(changed)).Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Each_malformed_user_key_says_what_is_wrong()
    {
        (RbacAuthority authority, UserKey user, _) = Sealed();
        using (authority)
        using (user)
        {
            byte[] blob = user.Export();
            string Message(byte[] b) => Assert.Throws<MalformedDataException>(() => UserKey.Import(b)).Message;

            Assert.Contains("wrong length or magic", Message(blob[..10]), StringComparison.Ordinal);
            Assert.Contains("wrong length or magic", Message([(byte)'X', .. blob[1..]]), StringComparison.Ordinal);
            byte[] older = (byte[])blob.Clone();
            older[3]--;
            Assert.Contains("no longer read", Message(WithChecksum(older)), StringComparison.Ordinal);
            byte[] newer = (byte[])blob.Clone();
            newer[3]++;
            Assert.Contains($"Unsupported user key version {newer[3]}", Message(WithChecksum(newer)), StringComparison.Ordinal);

            int count = int.Parse(user.ToString().Split("combinations=")[1].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);
            byte[] more = (byte[])blob.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(more.AsSpan(16), (ushort)(count + 100));
            Assert.Contains("truncated", Message(WithChecksum(more)), StringComparison.Ordinal);
            byte[] fewer = (byte[])blob.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(fewer.AsSpan(16), (ushort)(count - 1));
            Assert.Contains("length does not match", Message(WithChecksum(fewer)), StringComparison.Ordinal);
            byte[] badText = (byte[])blob.Clone();
            badText[^9] = 0xFF;
            Assert.Contains("not valid UTF-8", Message(WithChecksum(badText)), StringComparison.Ordinal);
            Assert.Contains("user key", Assert.Throws<MalformedDataException>(() => UserKey.FromBase64("@@")).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Opening_a_null_record_is_an_argument_error()
    {
        (RbacAuthority authority, UserKey user, _) = Sealed();
        using (authority)
        using (user)
        {
            Assert.Throws<ArgumentNullException>(() => user.Open(null!));
        }
    }

    [Fact]
    public void An_altered_class_header_and_a_policy_the_key_misses_are_told_apart()
    {
        (RbacAuthority authority, UserKey user, SealedRecord record) = Sealed();
        using (authority)
        using (user)
        using (UserKey outsider = authority.IssueUserKey(RbacFixture.Set(authority.Vocabulary, "roles=user")))
        {
            byte[] header = record.ClassHeader.ToArray();
            byte[] badMac = (byte[])header.Clone();
            badMac[ClassHeaderLayout.CoreLengthAt(header) - 1] ^= 1; // the class MAC's last byte: the user's entry still matches

            Assert.Contains("failed authentication", Assert.Throws<AccessDeniedException>(() => user.OpenClass(badMac)).Message, StringComparison.Ordinal);
            Assert.Contains("do not satisfy", Assert.Throws<AccessDeniedException>(() => outsider.OpenClass(header)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_class_header_whose_own_entry_was_altered_is_not_cached_so_the_repaired_header_opens()
    {
        (RbacAuthority authority, UserKey user, SealedRecord record) = Sealed();
        using (authority)
        using (user)
        {
            byte[] header = record.ClassHeader.ToArray();
            int core = ClassHeaderLayout.CoreLengthAt(header);
            int entries = (header.Length - core) / ClassHeaderLayout.EntrySize;
            int refused = 0;
            for (int i = 0; i < entries; i++)
            {
                // The wrapped secret's last byte of entry i: the user's own entry unwraps a wrong secret; any other is not looked at.
                byte[] altered = (byte[])header.Clone();
                altered[core + ((i + 1) * ClassHeaderLayout.EntrySize) - 1] ^= 1;
                using UserKey fresh = UserKey.Import(user.Export());
                if (fresh.OpenClassCached(altered) is null)
                {
                    refused++;
                    Assert.NotNull(fresh.OpenClassCached(header));
                    Assert.Equal([1f], fresh.Open(record).Vector!);
                }
            }

            Assert.Equal(1, refused);
        }
    }

    [Fact]
    public void Disposing_a_user_key_zeroes_the_classes_its_cache_holds()
    {
        (RbacAuthority authority, UserKey user, SealedRecord record) = Sealed();
        using (authority)
        {
            AccessClass cached = user.OpenClassCached(record.ClassHeader.Span)!;
            cached.Dispose(); // the cache's: a no-op
            Assert.Equal([1f], cached.Open(record.Header, record.Sealed).Vector!);

            user.Dispose();

            Assert.Throws<ObjectDisposedException>(() => cached.Open(record.Header, record.Sealed));
            Assert.Throws<ObjectDisposedException>(() => user.OpenClassCached(record.ClassHeader.Span));
        }
    }

    [Fact]
    public void A_policy_or_user_of_a_billion_combinations_is_refused_before_any_is_enumerated()
    {
        PolicyVocabulary vocabulary = new(Enumerable.Range(0, 3).Select(c => new KeyValuePair<string, IReadOnlyList<string>>($"c{c}", [.. Enumerable.Range(0, PolicyVocabulary.MaxValues).Select(v => $"v{v}")])));
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet everything = AttributeSetText.Parse(vocabulary, string.Join(";", Enumerable.Range(0, 3).Select(c => $"c{c}=" + string.Join(",", Enumerable.Range(0, PolicyVocabulary.MaxValues).Select(v => $"v{v}")))));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Contains("The policy would need more", Assert.Throws<InvalidPolicyException>(() => authority.CreateSealer(everything)).Message, StringComparison.Ordinal);
        Assert.Contains("The user key would need more", Assert.Throws<InvalidPolicyException>(() => authority.IssueUserKey(everything)).Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Authority_file_errors_say_which_field_is_missing_and_an_empty_path_is_an_argument_error()
    {
        string Message(string json)
        {
            File.WriteAllText(Path("a.json"), json);
            return Assert.Throws<MalformedDataException>(() => SecretFile.ReadAuthority(Path("a.json"))).Message;
        }

        string secret = Convert.ToBase64String(new byte[RbacAuthority.SecretSize]);
        Assert.Contains("it holds null", Message("null"), StringComparison.Ordinal);
        Assert.Contains("it has no secret", Message("{\"Vocabulary\": \"roles=a\", \"Epoch\": 1}"), StringComparison.Ordinal);
        Assert.Contains("it has no vocabulary", Message($"{{\"Epoch\": 1, \"Secret\": \"{secret}\"}}"), StringComparison.Ordinal);
        Assert.Contains("it has no epoch", Message($"{{\"Vocabulary\": \"roles=a\", \"Secret\": \"{secret}\"}}"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SecretFile.ReadAuthority(""));
        Assert.Throws<ArgumentNullException>(() => SecretFile.ReadAuthority(null!));
    }

    [Fact]
    public void Replace_overwrites_the_authority_file_with_the_new_epoch()
    {
        using RbacAuthority first = RbacAuthority.Create(RbacFixture.Vocabulary());
        SecretFile.Write(Path("a.json"), first);
        using RbacAuthority next = first.AtEpoch(2);

        SecretFile.Write(Path("a.json"), next, overwrite: true);

        using RbacAuthority loaded = SecretFile.ReadAuthority(Path("a.json"));
        Assert.Equal((2u, first.Id), (loaded.Epoch, loaded.Id));
    }
}
