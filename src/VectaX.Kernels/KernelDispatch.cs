namespace VectaX.Kernels;

/// <summary>
/// The one dispatch point: the widest supported width, best first (V512, V256, V128, scalar), unless the
/// environment variable <c>VECTAX_KERNEL</c> (scalar|v128|v256|v512) or <see cref="Default"/> says otherwise.
/// </summary>
public static class KernelDispatch
{
    /// <summary>The environment variable that forces a width.</summary>
    public const string EnvironmentVariable = "VECTAX_KERNEL";

    private static KernelSet? s_default;

    /// <summary>The set used wherever none is given; settable, for tests and benchmarks.</summary>
    public static KernelSet Default
    {
        get => s_default ??= KernelSet.Get(FromEnvironment() ?? Best);
        set => s_default = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The widest width this CPU accelerates.</summary>
    public static KernelWidth Best =>
        KernelSet.IsSupported(KernelWidth.V512) ? KernelWidth.V512
        : KernelSet.IsSupported(KernelWidth.V256) ? KernelWidth.V256
        : KernelSet.IsSupported(KernelWidth.V128) ? KernelWidth.V128
        : KernelWidth.Scalar;

    /// <summary>Parses a width name (scalar, v128, v256, v512), case-insensitive.</summary>
    public static KernelWidth Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "scalar" => KernelWidth.Scalar,
        "v128" => KernelWidth.V128,
        "v256" => KernelWidth.V256,
        "v512" => KernelWidth.V512,
        _ => throw new ArgumentException($"Unknown kernel width '{name}'; use scalar, v128, v256 or v512.", nameof(name)),
    };

    private static KernelWidth? FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : Parse(value);
    }
}
