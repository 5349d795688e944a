using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VectaX.Kernels;

namespace VectaX.Tests;

/// <summary>
/// The Fast transform's revisions: each is the product of its round tables (checked against a plain double
/// computation), exactly orthogonal up to float rounding, and recorded in the key so old key files keep their map.
/// </summary>
public class TransformRevisionTests
{
    public static TheoryData<TransformRevision, int> RevisionsAndDimensions()
    {
        var data = new TheoryData<TransformRevision, int>();
        foreach (TransformRevision revision in Enum.GetValues<TransformRevision>())
        {
            foreach (int d in revision == TransformRevision.SplitHadamard ? new[] { 32, 48, 64, 112, 768, 4144 } : new[] { 1, 2, 3, 20, 64, 100, 768 })
            {
                data.Add(revision, d);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RevisionsAndDimensions))]
    public void The_map_is_its_round_tables_composed_and_orthogonal(TransformRevision revision, int d)
    {
        var random = new Random(d);
        byte[] subKey = new byte[32];
        random.NextBytes(subKey);
        var q = new FastTransform(subKey, d, revision);
        float[] x = TestData.Gaussian(random, d), y = new float[d], scratch = new float[d];

        q.Forward(x, y, scratch, 1, KernelDispatch.Default);

        double[] expected = Reference(q, x);
        Assert.All(Enumerable.Range(0, d), i => Assert.Equal(expected[i], y[i], 1e-5 * (TestData.Norm(x) + 1)));
        Assert.Equal(TestData.Norm(x), TestData.Norm(y), 1e-5 * TestData.Norm(x));
        float[] back = new float[d];
        q.Inverse(y, back, scratch, 1, KernelDispatch.Default);
        Assert.True(TestData.Distance(back, x) <= 1e-5 * TestData.Norm(x));
    }

    [Fact]
    public void Single_gather_keys_one_permutation_and_three_sign_rounds()
    {
        const int d = 768;
        byte[] subKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var single = new FastTransform(subKey, d, TransformRevision.SingleGather);
        var original = new FastTransform(subKey, d, TransformRevision.Original);
        int[] identity = Enumerable.Range(0, d).ToArray();

        Assert.NotEqual(identity, single.Round(0).Permutation);
        Assert.Equal(identity, single.Round(1).Permutation);
        Assert.Equal(identity, single.Round(2).Permutation);
        Assert.All(Enumerable.Range(0, FastTransform.Rounds), r => Assert.NotEqual(identity, original.Round(r).Permutation));
        Assert.All([1, 2], r => Assert.Equal(single.Round(r).Sign, single.Round(r).InverseSign));

        // Three different sign rounds, each close to half negative (a stuck or repeated sign table would show).
        float[][] signs = [.. Enumerable.Range(0, FastTransform.Rounds).Select(r => single.Round(r).Sign)];
        Assert.NotEqual(signs[0], signs[1]);
        Assert.NotEqual(signs[1], signs[2]);
        Assert.All(signs, s => Assert.InRange(s.Count(v => v < 0), d / 2 - 80, d / 2 + 80));
    }

    [Fact]
    public void Split_hadamard_keys_a_permutation_of_whole_rows_and_spreads_every_input()
    {
        byte[] subKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray();
        foreach (int d in new[] { 32, 48, 768 })
        {
            var split = new FastTransform(subKey, d, TransformRevision.SplitHadamard);

            // P1 moves whole rows of 16: each destination row takes all of one source row, every source row once, in
            // a keyed lane order; rounds 2 and 3 only flip signs.
            int[] p = split.Round(0).Permutation;
            Assert.Equal(Enumerable.Range(0, d), p.Order());
            int[] sourceRows = [.. Enumerable.Range(0, d / 16).Select(row => p[16 * row] / 16)];
            Assert.All(Enumerable.Range(0, d), i => Assert.Equal(sourceRows[i / 16], p[i] / 16));
            Assert.Equal(Enumerable.Range(0, d / 16), sourceRows.Order());
            Assert.NotEqual(Enumerable.Range(0, d), p);
            Assert.True(Enumerable.Range(1, (d / 16) - 1).Any(row => !Lanes(p, row).SequenceEqual(Lanes(p, 0))), "every row has the same lane order");
            Assert.All([1, 2], r => Assert.Equal(Enumerable.Range(0, d), split.Round(r).Permutation));

            // Column j of Q is Q e_j. Spread: no entry may dominate (a coordinate that passes through almost whole would
            // show in the ciphertext), and every output must depend on at least half the inputs. Entries of this
            // revision are sums of few equal terms, so some cancel exactly (a quarter at d = 768, of which the float map
            // computes a third as 0 and the rest as rounding residue near 1e-8, counted here as dependence; docs/SECURITY.md).
            float[] e = new float[d], column = new float[d];
            int[] dependsOn = new int[d];
            double largest = 0;
            for (int j = 0; j < d; j++)
            {
                Array.Clear(e);
                e[j] = 1;
                split.Forward(e, column, [], 1, KernelDispatch.Default);
                largest = Math.Max(largest, column.Max(Math.Abs));
                for (int i = 0; i < d; i++)
                {
                    dependsOn[i] += column[i] != 0 ? 1 : 0;
                }
            }

            Assert.All(dependsOn, count => Assert.True(count >= d / 2, $"d = {d}: an output depends on {count} inputs"));
            Assert.True(largest * Math.Sqrt(d) <= 5, $"d = {d}: largest |Q[i, j]| is {largest * Math.Sqrt(d):F2}/sqrt(d)");
        }
    }

    [Fact]
    public void Split_hadamard_tables_that_differ_by_a_row_sign_or_a_lane_sign_across_two_rounds_give_the_same_map()
    {
        // G works within rows of 16, so a sign on a whole row of D2 cancels the same row of D3 through it; R works lane by
        // lane across rows, so a sign on one lane of every row of D1 cancels the same in D2 through it. At least d/16 + 16
        // bits of the tables do not change Q (docs/SECURITY.md).
        const int d = 48;
        byte[] subKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 11)).ToArray();
        var q = new FastTransform(subKey, d, TransformRevision.SplitHadamard);
        float[] x = TestData.Gaussian(new Random(21), d);
        double[] map = Reference(q, x);

        Negate(q.Round(1).Sign, i => i / 16 == 1);
        Negate(q.Round(2).Sign, i => i / 16 == 1);
        Assert.All(Enumerable.Range(0, d), i => Assert.Equal(map[i], Reference(q, x)[i], 1e-12));
        Negate(q.Round(0).Sign, i => i % 16 == 5);
        Negate(q.Round(1).Sign, i => i % 16 == 5);
        Assert.All(Enumerable.Range(0, d), i => Assert.Equal(map[i], Reference(q, x)[i], 1e-12));

        // Either sign alone moves the map.
        Negate(q.Round(2).Sign, i => i / 16 == 1);
        Assert.Contains(Enumerable.Range(0, d), i => Math.Abs(map[i] - Reference(q, x)[i]) > 1e-3);
    }

    [Fact]
    public void Generated_fast_keys_take_the_newest_revision_for_their_dimension_and_keys_from_a_secret_keep_the_original()
    {
        using VectaXKey generated = VectaXKey.Generate(16);
        using VectaXKey split = VectaXKey.Generate(768);
        using VectaXKey odd = VectaXKey.Generate(100);
        using VectaXKey dense = VectaXKey.Generate(16, TransformKind.Dense);
        using VectaXKey fromSecret = TestData.Key(768, TransformKind.Fast);
        Assert.Equal(TransformRevision.SingleGather, generated.Revision);
        Assert.Equal(TransformRevision.SplitHadamard, split.Revision);
        Assert.Equal(TransformRevision.SingleGather, odd.Revision);
        Assert.Equal(VectaXKey.LatestRevision(768), split.Revision);
        Assert.Equal(TransformRevision.Original, dense.Revision);
        Assert.Equal(TransformRevision.Original, fromSecret.Revision);
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, TransformKind.Dense, revision: TransformRevision.SingleGather));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(64, TransformKind.Dense, revision: TransformRevision.SplitHadamard));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, revision: TransformRevision.SplitHadamard));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(40, revision: TransformRevision.SplitHadamard));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(64, revision: (TransformRevision)3));
    }

    [Fact]
    public void A_key_file_written_before_revisions_reads_as_the_original_and_opens_its_ciphertexts()
    {
        // The 64 bytes as key files have always been written: reserved bytes zero, SHA-256 checksum over the rest.
        byte[] blob = new byte[VectaXKey.SerializedSize];
        "VXK"u8.CopyTo(blob);
        blob[3] = 1;
        blob[4] = (byte)TransformKind.Fast;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), 0x01020304);
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(12), 20);
        BinaryPrimitives.WriteSingleLittleEndian(blob.AsSpan(16), 2f);
        BinaryPrimitives.WriteSingleLittleEndian(blob.AsSpan(20), 0.25f);
        for (int i = 0; i < VectaXKey.SecretSize; i++)
        {
            blob[24 + i] = (byte)i;
        }

        SHA256.HashData(blob.AsSpan(0, 56))[..8].CopyTo(blob.AsSpan(56));

        using VectaXKey key = VectaXKey.Import(blob);
        Assert.Equal(TransformRevision.Original, key.Revision);
        Assert.Equal(blob, key.Export());
        using var cipher = new VectorCipher(key);
        float[] c = MemoryMarshal.Cast<byte, float>(Convert.FromHexString(KnownAnswers.FastCiphertext)).ToArray();
        float[] back = cipher.Decrypt(new EncryptedVector(c, Convert.FromHexString(KnownAnswers.FastMetadata)), new RecordBinding("kat", 5, 9).ToBytes());
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(KnownAnswers.Plaintext()[i], back[i], 1e-5f));
    }

    [Fact]
    public void The_revision_round_trips_through_the_key_file_and_unknown_revisions_are_malformed()
    {
        using VectaXKey key = VectaXKey.Generate(16);
        byte[] blob = key.Export();
        Assert.Equal((byte)TransformRevision.SingleGather, blob[5]);
        using (VectaXKey back = VectaXKey.Import(blob))
        {
            Assert.Equal(TransformRevision.SingleGather, back.Revision);
        }

        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(WithChecksum(blob, 5, (byte)TransformRevision.SplitHadamard)));
        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(WithChecksum(blob, 5, 3)));
        using (VectaXKey wide = VectaXKey.Generate(64))
        using (VectaXKey back = VectaXKey.Import(wide.Export()))
        {
            Assert.Equal((byte)TransformRevision.SplitHadamard, wide.Export()[5]);
            Assert.Equal(TransformRevision.SplitHadamard, back.Revision);
        }

        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(WithChecksum(blob, 6, 1)));
        using VectaXKey dense = VectaXKey.Generate(16, TransformKind.Dense);
        Assert.Throws<MalformedDataException>(() => VectaXKey.Import(WithChecksum(dense.Export(), 5, 1)));
    }

    [Fact]
    public void A_key_file_with_its_revision_rewritten_opens_none_of_the_keys_ciphertexts()
    {
        // An attacker who rewrites the revision byte (and the unkeyed checksum) gets a working key of the other
        // revision, with other sub-keys: the tag, which binds the revision, refuses every ciphertext of the real key.
        using VectaXKey key = VectaXKey.Generate(64);
        using var cipher = new VectorCipher(key);
        EncryptedVector e = cipher.Encrypt(TestData.Unit(new Random(3), 64));
        using VectaXKey rewritten = VectaXKey.Import(WithChecksum(key.Export(), 5, (byte)TransformRevision.Original));
        Assert.Equal(TransformRevision.Original, rewritten.Revision);
        using var wrong = new VectorCipher(rewritten);
        Assert.Throws<AuthenticationFailedException>(() => wrong.Decrypt(e));
    }

    private static IEnumerable<int> Lanes(int[] permutation, int row) => permutation.Skip(16 * row).Take(16).Select(i => i % 16);

    private static void Negate(float[] signs, Func<int, bool> where)
    {
        for (int i = 0; i < signs.Length; i++)
        {
            signs[i] = where(i) ? -signs[i] : signs[i];
        }
    }

    private static byte[] WithChecksum(byte[] blob, int at, byte value)
    {
        byte[] copy = (byte[])blob.Clone();
        copy[at] = value;
        SHA256.HashData(copy.AsSpan(0, 56))[..8].CopyTo(copy.AsSpan(56));
        return copy;
    }

    /// <summary>y = B D_r P_r ... from the tables, in double, with a textbook Walsh-Hadamard (H[i, j] = (-1)^popcount(i and j) / sqrt(n)).</summary>
    private static double[] Reference(FastTransform q, float[] x)
    {
        int d = x.Length, n = q.Block;
        double[] y = [.. x.Select(v => (double)v)];
        if (q.Revision == TransformRevision.SplitHadamard)
        {
            // R D3 G D2 R D1 P1: R the Walsh-Hadamard over rows of 16 (lane by lane) on the head and tail blocks of rows,
            // G = H16/4 within each row.
            (int[] p, float[] s1, _, _) = q.Round(0);
            float[] s2 = q.Round(1).Sign, s3 = q.Round(2).Sign;
            y = [.. Enumerable.Range(0, d).Select(i => s1[i] * y[p[i]])];
            y = Rows(y, n);
            y = [.. Enumerable.Range(0, d).Select(i => s3[i] * Enumerable.Range(0, 16).Sum(k => Sign(i % 16, k) * s2[(i & ~15) + k] * y[(i & ~15) + k]) / 4)];
            return Rows(y, n);
        }

        for (int r = 0; r < FastTransform.Rounds; r++)
        {
            (int[] p, float[] s, _, _) = q.Round(r);
            y = [.. Enumerable.Range(0, d).Select(i => s[i] * y[p[i]])];
            y = Hadamard(y, 0, n);
            if (n < d)
            {
                y = Hadamard(y, d - n, n);
            }
        }

        return y;
    }

    private static double[] Rows(double[] y, int n)
    {
        int d = y.Length;
        double[] z = RowBlock(y, 0, n);
        return n < d ? RowBlock(z, d - n, n) : z;
    }

    private static double[] RowBlock(double[] y, int start, int n)
    {
        double[] z = (double[])y.Clone();
        int b = n / 16;
        for (int i = 0; i < n; i++)
        {
            int row = i / 16, lane = i % 16;
            z[start + i] = Enumerable.Range(0, b).Sum(j => Sign(row, j) * y[start + (16 * j) + lane]) / Math.Sqrt(b);
        }

        return z;
    }

    private static int Sign(int i, int j) => int.PopCount(i & j) % 2 == 0 ? 1 : -1;

    private static double[] Hadamard(double[] y, int start, int n)
    {
        double[] z = (double[])y.Clone();
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += (int.PopCount(i & j) % 2 == 0 ? 1 : -1) * y[start + j];
            }

            z[start + i] = sum / Math.Sqrt(n);
        }

        return z;
    }
}
