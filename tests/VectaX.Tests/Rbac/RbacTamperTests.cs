using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>Every bit of header and sealed blob is covered, and malformed input only ever gets typed errors.</summary>
public class RbacTamperTests
{
    [Fact]
    public void Every_single_bit_flip_of_header_or_sealed_blob_is_rejected()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        using UserKey key = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=admin;departments=research"));
        SealedRecord record = authority.Seal(RbacFixture.Set(vocabulary, "roles=admin,analyst;departments=research"), [1f, 2f, 3f], [7, 7]);
        int trials = 0, rejected = 0;
        foreach (bool inHeader in new[] { true, false })
        {
            byte[] target = inHeader ? record.Header : record.Sealed;
            for (int bit = 0; bit < target.Length * 8; bit++)
            {
                byte[] flipped = (byte[])target.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                trials++;
                try
                {
                    _ = inHeader ? key.Open(flipped, record.Sealed) : key.Open(record.Header, flipped);
                }
                catch (VectaXException)
                {
                    rejected++;
                }
            }
        }

        Assert.Equal(trials, rejected);
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
        byte[] userKey = key.Export();
        var random = new Random(101);
        int opened = 0;
        for (int i = 0; i < iterations; i++)
        {
            int which = i % 3;
            byte[] input = Mutations.Apply(random, which switch { 0 => record.Header, 1 => record.Sealed, _ => userKey });
            try
            {
                switch (which)
                {
                    case 0:
                        key.Open(input, record.Sealed);
                        break;
                    case 1:
                        key.Open(record.Header, input);
                        break;
                    default:
                        using (UserKey k = UserKey.Import(input))
                        {
                            k.Open(record.Header, record.Sealed);
                        }

                        break;
                }

                opened++;
            }
            catch (VectaXException)
            {
            }
        }

        // Only inputs the mutation left intact (or mutated in the key's display text) may open.
        Assert.True(opened < iterations / 100, $"{opened} mutated inputs opened");
    }
}
