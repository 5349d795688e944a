using System.Security.Cryptography;
using System.Text;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Vocabularies at the declared limits (16 categories, 1,024 values each, names of any length) make working authorities.</summary>
public class LargeVocabularyTests
{
    [Fact]
    public void An_authority_over_a_vocabulary_whose_text_passes_32_KiB_seals_opens_saves_and_loads()
    {
        // 3 x 1,000 values named like real departments: about 75 KB of vocabulary text, more than OpenSSL's HKDF takes as info.
        var vocabulary = new PolicyVocabulary(new[] { "departments", "roles", "groups" }.Select(c =>
            new KeyValuePair<string, IReadOnlyList<string>>(c, [.. Enumerable.Range(0, 1000).Select(v => $"{c}-of-the-organisation-{v:D4}")])));
        Assert.True(Encoding.UTF8.GetByteCount(vocabulary.ToString()) > 32_768);
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "departments=departments-of-the-organisation-0007;roles=roles-of-the-organisation-0003"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "departments=departments-of-the-organisation-0007"), [1f, 2f], [9]);
        Assert.Equal([9], key.Open(record).Payload);
        Assert.Equal(authority.Id, key.AuthorityId);

        string path = Path.Combine(Path.GetTempPath(), $"vectax-large-vocabulary-{Guid.NewGuid():N}.json");
        try
        {
            SecretFile.Write(path, authority);
            using RbacAuthority loaded = SecretFile.ReadAuthority(path);
            Assert.Equal(authority.Id, loaded.Id);
            Assert.Equal([9], loaded.Open(record.ClassHeader.Span, record.Header, record.Sealed).Payload);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_authority_id_is_HKDF_of_the_master_and_vocabulary_as_before()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        byte[] expected = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, authority.ExportSecret(), expected, "VectaX/rbac/v1"u8, [.. "authority-id"u8, .. Encoding.UTF8.GetBytes(vocabulary.ToString())]);
        Assert.Equal(Convert.ToHexStringLower(expected.AsSpan(0, 8)), authority.Id);
    }
}
