using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace VectaX.Rbac;

/// <summary>Throw helpers that keep the hot methods small (the core's are its own).</summary>
[StackTraceHidden]
internal static class Throw
{
    [DoesNotReturn]
    public static void InvalidVector(string message) => throw new InvalidVectorException(message);

    [DoesNotReturn]
    public static void Malformed(string message) => throw new MalformedDataException(message);
}
