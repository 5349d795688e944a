using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectaX.Rbac;
using VectaX.Tests.Cli;

namespace VectaX.Tests.Rbac;

/// <summary>
/// Damaged secret files and headers, made to get past the cheap checks: a key's or user key's checksum is recomputed
/// after each change (it guards against bad disks, not attackers), so the parser behind it is what is tested. Each
/// damaged blob must give a typed error or, where the format has no tag, read back as exactly the bytes given; never
/// another exception type, and never a different key silently taken.
/// </summary>
public sealed class BlobFuzzTests : TempFolderTest
{
    /// <summary>The 8-byte SHA-256 prefix every key format ends with.</summary>
    private const int ChecksumSize = 8;

    /// <summary>Values a little-endian 16-bit length or count is set to: the bounds, and one off the original.</summary>
    private static IEnumerable<ushort> LengthValues(ushort original) => [0, 1, 4, 0xFF, 0x100, 0x7FFF, 0xFFFF, (ushort)(original + 1), (ushort)(original - 1)];

    private static byte[] WithChecksum(byte[] blob)
    {
        SHA256.HashData(blob.AsSpan(0, blob.Length - ChecksumSize))[..ChecksumSize].CopyTo(blob.AsSpan(blob.Length - ChecksumSize));
        return blob;
    }

    /// <summary>Every 16-bit field set to each of <see cref="LengthValues"/> (the counts and lengths wherever they sit), then random overwrites, truncations and extensions.</summary>
    private static IEnumerable<byte[]> Damaged(byte[] original, Random random, int randomCount)
    {
        for (int at = 0; at + 2 <= original.Length; at++)
        {
            foreach (ushort value in LengthValues(BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(at))))
            {
                byte[] b = (byte[])original.Clone();
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), value);
                yield return b;
            }
        }

        for (int i = 0; i < randomCount; i++)
        {
            yield return (i % 3) switch
            {
                0 => Mutations.Overwrite(random, original),
                1 => original[..random.Next(original.Length)],
                _ => [.. original, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))],
            };
        }
    }

    [Fact]
    public void A_user_key_past_its_checksum_is_malformed_or_reads_back_as_exactly_its_bytes()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin,analyst;groups=team_a"));
        byte[] original = key.Export();
        var random = new Random(17);
        int malformed = 0, read = 0;
        foreach (byte[] damaged in Damaged(original, random, 3000))
        {
            // Shorter than a checksum: nothing to recompute; the blob must still be refused.
            byte[] blob = damaged.Length > ChecksumSize ? WithChecksum(damaged) : damaged;
            if (blob.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            UserKey imported;
            try
            {
                imported = UserKey.Import(blob);
            }
            catch (MalformedDataException)
            {
                malformed++;
                continue;
            }

            using (imported)
            {
                // No tag protects a user key: a well-formed change is a different key, but it must be the key the bytes say.
                Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(imported.Export()));
                read++;
            }
        }

        Assert.True(malformed > 1000 && read > 100, $"the fuzzing reached both outcomes: {malformed} malformed, {read} read");
    }

    [Fact]
    public void A_user_key_whose_count_claims_more_secrets_than_it_holds_is_malformed()
    {
        // The count is read before the secrets: raised by one, with the checksum recomputed, it points past the blob.
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin"));
        byte[] original = key.Export();
        int countAt = FindCount(original, CombinationsOf(key));
        for (int extra = 1; extra <= 3; extra++)
        {
            byte[] blob = (byte[])original.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(countAt), (ushort)(CombinationsOf(key) + extra));
            Assert.Throws<MalformedDataException>(() => UserKey.Import(WithChecksum(blob)));
        }
    }

    [Fact]
    public void A_key_file_past_its_checksum_is_malformed_or_reads_back_as_exactly_its_bytes()
    {
        using VectaXKey key = TestData.Key(384, TransformKind.Fast);
        byte[] original = key.Export();
        var random = new Random(5);
        int malformed = 0, read = 0;
        IEnumerable<byte[]> parameters = Enumerable.Range(0, 2000).Select(_ =>
        {
            // Parameters (transform, key id, dimension, scale, beta) set to bounds, specials and random bits.
            byte[] b = (byte[])original.Clone();
            int at = random.Next(4, 24);
            b[at] = random.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => (byte)random.Next(256) };
            if (random.Next(3) == 0)
            {
                float special = new[] { float.NaN, float.PositiveInfinity, -1f, 0f, float.Epsilon, float.MaxValue, VectaXKey.MinimumScale / 2 }[random.Next(7)];
                BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 + (random.Next(2) == 0 ? 12 : 16)), special);
            }

            return b;
        });
        foreach (byte[] damaged in Damaged(original, random, 2000).Concat(parameters))
        {
            byte[] blob = damaged.Length > ChecksumSize ? WithChecksum(damaged) : damaged;
            if (blob.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            // Every eighth blob also goes through a file: Load reads the same bytes by another path.
            string? path = (malformed + read) % 8 == 0 ? Path("fuzz.key") : null;
            if (path is not null)
            {
                File.WriteAllBytes(path, blob);
            }

            VectaXKey imported;
            try
            {
                imported = VectaXKey.Import(blob);
            }
            catch (MalformedDataException)
            {
                if (path is not null)
                {
                    Assert.Throws<MalformedDataException>(() => VectaXKey.Load(path));
                }

                malformed++;
                continue;
            }

            using (imported)
            {
                Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(imported.Export()));
                if (path is not null)
                {
                    using VectaXKey loaded = VectaXKey.Load(path);
                    Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(loaded.Export()));
                }

                read++;
            }
        }

        Assert.True(malformed > 1000 && read > 100, $"the fuzzing reached both outcomes: {malformed} malformed, {read} read");
    }

    [Fact]
    public void An_authority_past_its_checksum_is_malformed_or_reads_back_as_exactly_its_bytes()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary, epoch: 7);
        byte[] original = authority.Export();
        var random = new Random(11);
        int malformed = 0, read = 0;
        foreach (byte[] damaged in Damaged(original, random, 3000))
        {
            byte[] blob = damaged.Length > ChecksumSize ? WithChecksum(damaged) : damaged;
            if (blob.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            // Every eighth blob also goes through a file: the files library reads the same bytes by another path.
            string? path = (malformed + read) % 8 == 0 ? Path("fuzz.vxa") : null;
            if (path is not null)
            {
                File.WriteAllBytes(path, blob);
            }

            RbacAuthority imported;
            try
            {
                imported = RbacAuthority.Import(blob);
            }
            catch (MalformedDataException)
            {
                if (path is not null)
                {
                    Assert.Throws<MalformedDataException>(() => SecretFile.ReadAuthority(path));
                }

                malformed++;
                continue;
            }

            using (imported)
            {
                // Read: the blob is exactly what the authority exports (a vocabulary the parser rewrites is not taken silently).
                Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(imported.Export()));
                if (path is not null)
                {
                    using RbacAuthority loaded = SecretFile.ReadAuthority(path);
                    Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(loaded.Export()));
                }

                read++;
            }
        }

        Assert.True(malformed > 1000 && read > 10, $"the fuzzing reached both outcomes: {malformed} malformed, {read} read");
    }

    [Fact]
    public void A_damaged_json_authority_file_is_malformed_or_loads_as_what_it_says()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary, epoch: 7);

        // The JSON that earlier versions wrote (Files/Legacy holds one they made), still read.
        byte[] original = JsonSerializer.SerializeToUtf8Bytes(new { Vocabulary = vocabulary.ToString(), Epoch = 7u, Secret = Convert.ToBase64String(authority.ExportSecret()) });
        JsonObject fields = JsonNode.Parse(original)!.AsObject();
        var random = new Random(9);

        // Field-aware damage (the file has no checksum to get past): each field replaced by values of the right and wrong
        // kinds, or removed (a file without its epoch once loaded at epoch 0).
        JsonNode?[] values =
        [
            null, "", "x", 0, -1, 1, uint.MaxValue, (long)uint.MaxValue + 1, 1.5, true, new JsonArray(), new JsonObject(),
            "roles=admin", "roles=admin,admin", "roles=a;roles=b", "=x", new string('a', 100_000),
            Convert.ToBase64String(new byte[31]), Convert.ToBase64String(new byte[32]), Convert.ToBase64String(new byte[33]), "not base64!",
        ];
        var files = new List<byte[]>();
        foreach (string field in fields.Select(f => f.Key))
        {
            foreach (JsonNode? value in values)
            {
                JsonObject copy = fields.DeepClone().AsObject();
                copy[field] = value?.DeepClone();
                files.Add(Encoding.UTF8.GetBytes(copy.ToJsonString()));
            }

            JsonObject without = fields.DeepClone().AsObject();
            without.Remove(field);
            files.Add(Encoding.UTF8.GetBytes(without.ToJsonString()));
        }

        files.AddRange(Damaged(original, random, 600));
        int malformed = 0, loaded = 0;
        foreach (byte[] file in files)
        {
            File.WriteAllBytes(Path("fuzz.json"), file);
            RbacAuthority back;
            try
            {
                back = SecretFile.ReadAuthority(Path("fuzz.json"));
            }
            catch (MalformedDataException)
            {
                malformed++;
                continue;
            }

            using (back)
            {
                // Loaded: it is the authority the file names, field by field.
                JsonObject json = JsonNode.Parse(file)!.AsObject();
                // The vocabulary text is read as the CLI reads it (empty entries and spaces dropped), so compare canonical forms.
                Assert.Equal(AttributeSetText.ParseVocabulary(json["Vocabulary"]!.GetValue<string>()).ToString(), back.Vocabulary.ToString());
                Assert.Equal(json["Epoch"]!.GetValue<uint>(), back.Epoch);
                Assert.Equal(Convert.FromBase64String(json["Secret"]!.GetValue<string>()), back.ExportSecret());
                loaded++;
            }
        }

        Assert.True(malformed > 300 && loaded > 0, $"the fuzzing reached both outcomes: {malformed} malformed, {loaded} loaded");
    }

    [Fact]
    public void A_damaged_class_or_record_header_is_refused_with_a_typed_error_or_opens_the_very_same_class()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;groups=team_a"));
        byte[] context = "collection/1"u8.ToArray();
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=analyst,admin;groups=team_a"), [1f, 2f], "payload"u8, context);
        byte[] classHeader = record.ClassHeader.ToArray();
        Assert.Equal([1f, 2f], user.Open(classHeader, record.Header, record.Sealed, context).Vector!);

        var random = new Random(23);
        int tried = 0, sameClass = 0;
        string tag = record.AccessTags[0];
        foreach (byte[] damaged in Damaged(classHeader, random, 1500).Where(b => !b.AsSpan().SequenceEqual(classHeader)))
        {
            // Every way in: class opens, the sealer lookup, the user's and the authority's record opens, re-wrapping. The
            // entry table is not under the class MAC (a changed entry unwraps a wrong secret, which the MAC refuses), so
            // a change to another combination's entry or a dummy may still open: then it must be the very same class.
            bool opened = RefusedOrSame(() => user.OpenClass(damaged), c => c.Tag == tag);
            using (AccessClass? again = user.TryOpenClass(damaged))
            {
                Assert.Equal(opened, again?.Tag == tag);
            }

            RefusedOrSame(() => authority.OpenClass(damaged), c => c.Tag == tag);
            RefusedOrSame(() => authority.SealerFor(damaged), s => s.Class.Tag == tag);
            RefusedOrSame(() => user.Open(damaged, record.Header, record.Sealed, context), r => r.Vector!.SequenceEqual([1f, 2f]) && r.Payload.SequenceEqual("payload"u8.ToArray()));
            RefusedOrSame(() => authority.Open(damaged, record.Header, record.Sealed, context), r => r.Vector!.SequenceEqual([1f, 2f]));
            RefusedOrSame(() => authority.Rewrap(damaged, record.Header), h => user.Open(classHeader, h, record.Sealed, context).Vector!.SequenceEqual([1f, 2f]));
            sameClass += opened ? 1 : 0;
            tried++;
        }

        Assert.True(sameClass < tried / 2, $"most damaged class headers are refused ({tried - sameClass} of {tried})");

        foreach (byte[] damaged in Damaged(record.Header, random, 1500).Where(b => !b.AsSpan().SequenceEqual(record.Header)))
        {
            Refused(() => user.Open(classHeader, damaged, record.Sealed, context));
            Refused(() => authority.Open(classHeader, damaged, record.Sealed, context));
            // The record id is bound by the blob, not the wrap: a re-wrap may carry a changed id, and then opens nothing.
            RefusedOrSame(() => authority.Rewrap(classHeader, damaged), h => Record.Exception(() => user.Open(classHeader, h, record.Sealed, context)) is AccessDeniedException);
            tried++;
        }

        foreach (byte[] sealedBlob in Damaged(record.Sealed, random, 500).Where(b => !b.AsSpan().SequenceEqual(record.Sealed)))
        {
            Refused(() => user.Open(classHeader, record.Header, sealedBlob, context));
            Refused(() => authority.Open(classHeader, record.Header, sealedBlob, context));
        }

        Assert.True(tried > 2000, $"{tried} damaged headers tried");
    }

    /// <summary>Either a typed refusal or a result that <paramref name="same"/> finds identical to the undamaged one; true for the latter.</summary>
    private static bool RefusedOrSame<T>(Func<T> open, Func<T, bool> same)
    {
        T result;
        try
        {
            result = open();
        }
        catch (Exception e)
        {
            Assert.True(e is MalformedDataException or AccessDeniedException, $"{e.GetType().Name}: {e.Message}");
            return false;
        }

        Assert.True(same(result), "a damaged header opened as something else");
        (result as AccessClass)?.Dispose(); // a class opened for the caller; a sealer belongs to its authority
        return true;
    }

    private static void Refused(Action open)
    {
        Exception? e = Record.Exception(open);
        Assert.NotNull(e);
        Assert.True(e is MalformedDataException or AccessDeniedException, $"{e.GetType().Name}: {e.Message}");
    }

    private static int CombinationsOf(UserKey key) => int.Parse(key.ToString().Split("combinations=")[1].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where the blob holds <paramref name="count"/> as a 16-bit field followed by count * 32 secret bytes and a 16-bit text length that fits.</summary>
    private static int FindCount(byte[] blob, int count)
    {
        for (int at = 4; at + 2 <= blob.Length; at++)
        {
            int textAt = at + 2 + (count * 32);
            if (BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(at)) == count && textAt + 2 <= blob.Length
                && textAt + 2 + BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(textAt)) + ChecksumSize == blob.Length)
            {
                return at;
            }
        }

        throw new InvalidOperationException("premise: the user key holds its count before its secrets");
    }
}
