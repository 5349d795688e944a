using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Every bit of class header core, record header and sealed blob is covered, and malformed input only ever gets typed errors.</summary>
public class RbacTamperTests
{
    [Fact]
    public void Every_single_bit_flip_of_class_core_record_header_or_sealed_blob_is_rejected()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f, 3f], [7, 7]);
        byte[] classHeader = record.ClassHeader.ToArray();
        int core = RbacHeaders.ClassCoreLength(classHeader);
        int trials = 0, rejected = 0;
        foreach (int which in new[] { 0, 1, 2 })
        {
            byte[] target = which switch { 0 => classHeader, 1 => record.Header, _ => record.Sealed };
            int bits = (which == 0 ? core : target.Length) * 8;
            for (int bit = 0; bit < bits; bit++)
            {
                byte[] flipped = (byte[])target.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                trials++;
                try
                {
                    // Uncached: the cache would answer a flipped core it has not seen by opening it afresh anyway.
                    using AccessClass opened = key.OpenClass(which == 0 ? flipped : classHeader);
                    _ = opened.Open(which == 1 ? flipped : record.Header, which == 2 ? flipped : record.Sealed);
                }
                catch (VectaXException)
                {
                    rejected++;
                }
            }
        }

        Assert.Equal(trials, rejected);
    }

    [Fact]
    public void An_altered_entry_table_opens_the_same_class_or_nothing_never_another()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f, 3f], [7, 7]);
        byte[] classHeader = record.ClassHeader.ToArray();
        int core = RbacHeaders.ClassCoreLength(classHeader);
        int opened = 0, refused = 0;
        for (int bit = core * 8; bit < classHeader.Length * 8; bit += 3)
        {
            byte[] flipped = (byte[])classHeader.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            using AccessClass? accessClass = key.TryOpenClass(flipped);
            if (accessClass is null)
            {
                refused++;
                continue;
            }

            opened++;
            Assert.Equal(record.AccessTags, [accessClass.Tag]);
            Assert.Equal([1f, 2f, 3f], accessClass.Open(record.Header, record.Sealed).Vector!);
        }

        // The key's own entries are refused when flipped (a wrong label is not found, a wrong secret fails the MAC);
        // the other entries (other combinations, dummies) are not the key's and do not matter to it.
        Assert.True(refused > 0 && opened > refused, $"{opened} opened, {refused} refused");
    }

    /// <summary>100,000 inputs by default; set VECTAX_RBAC_MUTATIONS for a longer run (docs/FUZZING.md).</summary>
    [Fact]
    public void A_hundred_thousand_mutated_inputs_get_only_typed_errors()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("VECTAX_RBAC_MUTATIONS"), out int n) ? Math.Max(n, 100_000) : 100_000;
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;groups=team_a;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin;departments=research"), [1f, 2f], [1, 2, 3]);
        byte[] classHeader = record.ClassHeader.ToArray();
        byte[] userKey = key.Export();
        var random = new Random(101);
        int opened = 0;
        for (int i = 0; i < iterations; i++)
        {
            int which = i % 4;
            byte[] input = Mutations.Apply(random, which switch { 0 => record.Header, 1 => record.Sealed, 2 => classHeader, _ => userKey });
            try
            {
                switch (which)
                {
                    case 0:
                        key.Open(classHeader, input, record.Sealed);
                        break;
                    case 1:
                        key.Open(classHeader, record.Header, input);
                        break;
                    case 2:
                        using (AccessClass c = key.OpenClass(input))
                        {
                            c.Open(record.Header, record.Sealed);
                        }

                        break;
                    default:
                        using (UserKey k = UserKey.Import(input))
                        {
                            k.Open(record);
                        }

                        break;
                }

                opened++;
            }
            catch (VectaXException)
            {
            }
        }

        // Only inputs the mutation left intact (or mutated in the key's display text, or in entries not the key's) may open.
        Assert.True(opened < iterations / 10, $"{opened} mutated inputs opened");
    }
}
