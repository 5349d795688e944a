namespace VectaX.Tests.Rbac;

/// <summary>Random damage to a byte string, the way a storage operator or a bad disk would do it.</summary>
internal static class Mutations
{
    /// <summary>One of: truncation, appended junk, a random tail, a few bit flips, or junk of another length.</summary>
    public static byte[] Apply(Random random, byte[] original)
    {
        byte[] b = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                return b[..random.Next(b.Length)];
            case 1:
                return [.. b, .. Enumerable.Range(0, random.Next(1, 20)).Select(_ => (byte)random.Next(256))];
            case 2:
                random.NextBytes(b.AsSpan(random.Next(b.Length)));
                return b;
            case 3:
                for (int k = random.Next(1, 8); k > 0; k--)
                {
                    b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8));
                }

                return b;
            default:
                byte[] junk = new byte[random.Next(0, 200)];
                random.NextBytes(junk);
                return junk;
        }
    }

    /// <summary>One to eight bytes overwritten at random positions: the length and structure usually survive.</summary>
    public static byte[] Overwrite(Random random, byte[] original)
    {
        byte[] b = (byte[])original.Clone();
        for (int k = random.Next(1, 9); k > 0; k--)
        {
            b[random.Next(b.Length)] = (byte)random.Next(256);
        }

        return b;
    }
}
