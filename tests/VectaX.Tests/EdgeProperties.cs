using FsCheck.Xunit;

namespace VectaX.Tests;

/// <summary>
/// The scheme's bounds over <see cref="EdgeCases"/>: edge dimensions, beta and scale at their bounds, zero, denormal,
/// tiny and huge vectors. The noise is held to a lower bound as well as an upper one, so a radius that shrank would fail.
/// </summary>
public class EdgeProperties
{
    /// <summary>Below this radius the noise's coordinates may fall into denormals, where float keeps too few bits to hold a lower bound.</summary>
    private const double SmallestCheckedRadius = 1e-30;

    /// <summary>Float's spacing at zero (a denormal step) per coordinate, taken back through 1/s: the absolute error no relative bound covers.</summary>
    private static double DenormalFloor(CipherCase c) => 2 * Math.Sqrt(c.Dimension) * float.Epsilon / c.Scale;

    [Property(MaxTest = 120, Arbitrary = [typeof(EdgeCases)])]
    public void Round_trip_recovers_every_edge_vector_or_refuses_an_overflow_with_a_typed_error(CipherCase c, VectorShape shape)
    {
        using VectorCipher cipher = c.Cipher();
        float[] v = EdgeCases.Vector(shape, c.Dimension, c.Scale, new Random(c.Seed));
        double norm = TestData.Norm(v);

        EncryptedVector encrypted;
        try
        {
            encrypted = cipher.Encrypt(v);
        }
        catch (InvalidVectorException)
        {
            // Refused only where Q v (computed before scaling) or s*Q*v + n can leave the float range: no coordinate of
            // Q v exceeds the norm, and the Hadamard rounds' partial sums no more than sqrt(d) times it.
            double largest = Math.Max(norm, (c.Scale * norm) + c.Radius);
            Assert.True(Math.Sqrt(c.Dimension) * largest > float.MaxValue / 4, $"{c} {shape}: refused a vector of norm {norm}");
            return;
        }

        float[] back = cipher.Decrypt(encrypted);
        double error = TestData.Distance(back, v);
        Assert.True(error <= (1e-5 * (norm + c.Beta)) + DenormalFloor(c), $"{c} {shape}: error {error} for norm {norm}");
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(EdgeCases)])]
    public void Noise_fills_its_ball_its_largest_norm_is_near_s_beta_over_four(CipherCase c)
    {
        using VectorCipher cipher = c.Cipher();
        double radius = c.Radius;

        // The radius is R*u^(1/d), u uniform: the chance that every draw stays below 0.9 R is 0.9^(d*draws) <= 0.9^200 (7e-10).
        int draws = Math.Max(20, (200 + c.Dimension - 1) / c.Dimension);
        double largest = 0;
        for (int i = 0; i < draws; i++)
        {
            // Q*0 = 0, so the ciphertext of the zero vector is the noise itself.
            double norm = TestData.Norm(cipher.Encrypt(new float[c.Dimension]).Ciphertext);
            // Float's grid at zero: each coordinate, a Gaussian sample (|x| < 8 here) times a denormal factor, may round up
            // by half a step at each of three roundings (the radius, the factor, the product).
            Assert.True(norm <= (radius * (1 + 1e-5)) + (8 * Math.Sqrt(c.Dimension) * float.Epsilon), $"{c}: noise {norm} > s*beta/4 = {radius}");
            largest = Math.Max(largest, norm);
        }

        if (radius >= SmallestCheckedRadius)
        {
            Assert.True(largest >= 0.9 * radius, $"{c}: the largest of {draws} noise norms is {largest}, under 0.9 * s*beta/4 = {0.9 * radius}");
        }
    }

    [Property(MaxTest = 20, Arbitrary = [typeof(EdgeCases)])]
    public void At_large_d_every_noise_norm_is_within_two_percent_of_s_beta_over_four(CipherCase c)
    {
        // Volume concentrates at the sphere: P(||n|| < 0.98 R) = 0.98^d, 6e-3 at d = 256 and 1.6e-9 at d = 1024.
        CipherCase large = c with { Dimension = Math.Max(c.Dimension, 1024), Transform = TransformKind.Fast, Beta = Math.Max(c.Beta, VectaXKey.MinimumBeta) };
        using VectorCipher cipher = large.Cipher();
        for (int i = 0; i < 10; i++)
        {
            double norm = TestData.Norm(cipher.Encrypt(new float[large.Dimension]).Ciphertext);
            Assert.InRange(norm, 0.98 * large.Radius, large.Radius * (1 + 1e-5));
        }
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(EdgeCases)])]
    public void Distance_is_preserved_within_beta_over_two_for_edge_vectors(CipherCase c, VectorShape shapeX, VectorShape shapeY)
    {
        using VectorCipher cipher = c.Cipher();
        var random = new Random(c.Seed);
        float[] x = EdgeCases.Vector(shapeX, c.Dimension, c.Scale, random);
        float[] y = EdgeCases.Vector(shapeY, c.Dimension, c.Scale, random);
        float[] ex, ey;
        try
        {
            ex = cipher.Encrypt(x).Ciphertext;
            ey = cipher.Encrypt(y).Ciphertext;
        }
        catch (InvalidVectorException)
        {
            return; // an overflow: the round-trip property pins where that may happen
        }

        double plain = TestData.Distance(x, y);
        double encrypted = TestData.Distance(ex, ey) / c.Scale;
        double rounding = (1e-5 * (TestData.Norm(x) + TestData.Norm(y) + c.Beta)) + DenormalFloor(c);
        Assert.True(Math.Abs(encrypted - plain) <= (c.Beta / 2.0) + rounding, $"{c} {shapeX}/{shapeY}: |{encrypted} - {plain}| > beta/2 = {c.Beta / 2}");
    }

    [Fact]
    public void The_generators_reach_every_edge()
    {
        // A generator that silently stopped drawing an edge would leave the properties above exploring less than they claim.
        var cases = FsCheck.Fluent.Gen.Sample(EdgeCases.Cases().Generator, 2000);
        Assert.All(EdgeCases.EdgeDimensions, d => Assert.Contains(cases, c => c.Dimension == d && c.Transform == TransformKind.Fast));
        Assert.All(EdgeCases.EdgeDimensions, d => Assert.Contains(cases, c => c.Dimension == d && c.Transform == TransformKind.Dense));
        Assert.All(EdgeCases.EdgeBetas, b => Assert.Contains(cases, c => c.Beta.Equals(b)));
        Assert.All(EdgeCases.EdgeScales, s => Assert.Contains(cases, c => c.Scale.Equals(s)));
        Assert.Contains(cases, c => !EdgeCases.EdgeDimensions.Contains(c.Dimension));
        Assert.True(cases.Select(c => (c.Dimension, c.Beta, c.Scale)).Distinct().Count() > 1000, "the random half must add variety");
    }
}
