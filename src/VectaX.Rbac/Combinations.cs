using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// Attribute combinations: one value or the wildcard per category, encoded as 2 bytes per category (0 for the
/// wildcard, value index + 1 otherwise). A policy admits the product of its listed values, with the wildcard in
/// every category it does not name; a user holds every combination of its own values and wildcards. The user
/// satisfies the policy exactly when the two sets meet, and a combination mixing two users' values belongs to
/// neither, which is what makes pooled keys useless (collusion resistance).
/// </summary>
internal static class Combinations
{
    /// <summary>Most combinations a policy may admit: 2^20, a class header of 40 MiB (entries are padded to a power of two up to this).</summary>
    public const int MaxPolicy = 1 << 20;

    /// <summary>Most entries a class header may declare.</summary>
    public const int MaxPolicyEntries = MaxPolicy;

    /// <summary>Most combinations one user key may hold (its export counts them in 16 bits): 2 MiB of atomic keys, and one AES block each per first open of a class.</summary>
    public const int MaxUser = ushort.MaxValue;

    public static List<byte[]> OfPolicy(AttributeSet policy)
    {
        var choices = new List<int[]>();
        for (int c = 0; c < policy.Vocabulary.CategoryCount; c++)
        {
            IReadOnlyList<int> values = policy.Values(c);
            choices.Add(values.Count == 0 ? [0] : values.Select(v => v + 1).ToArray());
        }

        return Product(choices, MaxPolicy, "policy", includeAllWildcard: false);
    }

    public static List<byte[]> OfUser(AttributeSet user)
    {
        var choices = new List<int[]>();
        for (int c = 0; c < user.Vocabulary.CategoryCount; c++)
        {
            choices.Add([0, .. user.Values(c).Select(v => v + 1)]);
        }

        return Product(choices, MaxUser, "user key", includeAllWildcard: false);
    }

    private static List<byte[]> Product(List<int[]> choices, int limit, string what, bool includeAllWildcard)
    {
        // Multiplied only while within the limit: 16 categories of 1,024 values would wrap a 64-bit product.
        long count = 1;
        foreach (int[] choice in choices)
        {
            count *= choice.Length;
            if (count > limit + 1)
            {
                throw new InvalidPolicyException($"The {what} would need more attribute combinations than the limit of {limit}.");
            }
        }

        var result = new List<byte[]>((int)count);
        var index = new int[choices.Count];
        while (true)
        {
            var combo = new byte[2 * choices.Count];
            bool allWildcard = true;
            for (int c = 0; c < choices.Count; c++)
            {
                int code = choices[c][index[c]];
                allWildcard &= code == 0;
                BinaryPrimitives.WriteUInt16LittleEndian(combo.AsSpan(2 * c), (ushort)code);
            }

            if (!allWildcard || includeAllWildcard)
            {
                result.Add(combo);
            }

            int k = choices.Count - 1;
            while (k >= 0 && ++index[k] == choices[k].Length)
            {
                index[k] = 0;
                k--;
            }

            if (k < 0)
            {
                break;
            }
        }

        if (result.Count > limit)
        {
            throw new InvalidPolicyException($"The {what} would need {result.Count} attribute combinations; the limit is {limit}.");
        }

        return result;
    }
}
