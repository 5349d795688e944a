namespace VectaX.Tests;

/// <summary>A careless caller: no noise, a password as a key, a dimension the dense transform cannot hold.</summary>
public class MisuseTests
{
    [Fact]
    public void Beta_below_the_floor_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, beta: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(16, beta: 0.001f));
    }

    [Fact]
    public void A_short_secret_string_is_refused() =>
        Assert.Throws<ArgumentException>(() => VectaXKey.FromSecretString("hunter2", 1, 16));

    [Fact]
    public void The_dense_transform_refuses_a_dimension_its_matrices_cannot_hold() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VectaXKey.Generate(46_341, TransformKind.Dense));
}
