using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace VectaX;

/// <summary>Throw helpers that keep the hot methods small.</summary>
[StackTraceHidden]
internal static class Throw
{
    [DoesNotReturn]
    public static void InvalidVector(string message) => throw new InvalidVectorException(message);

    [DoesNotReturn]
    public static void Malformed(string message) => throw new MalformedDataException(message);

    [DoesNotReturn]
    public static void UnknownKey(uint keyId) => throw new UnknownKeyException(keyId);

    [DoesNotReturn]
    public static void AuthenticationFailed(int? row = null) => throw new AuthenticationFailedException(row);

    [DoesNotReturn]
    public static void Argument(string message, string parameter) => throw new ArgumentException(message, parameter);
}
