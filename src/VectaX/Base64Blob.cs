using System.Security.Cryptography;

namespace VectaX;

/// <summary>Base64 for the binary formats: decoding failures become <see cref="MalformedDataException"/>; secret blobs are zeroed once encoded.</summary>
public static class Base64Blob
{
    /// <summary>The blob as base64; the blob is zeroed afterwards.</summary>
    public static string EncodeAndClear(byte[] blob)
    {
        try
        {
            return Convert.ToBase64String(blob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>Decodes a secret blob, hands it to <paramref name="import"/>, and zeroes the decoded bytes.</summary>
    public static T DecodeSecret<T>(string base64, string what, Func<byte[], T> import)
    {
        byte[] blob = Decode(base64, what);
        try
        {
            return import(blob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>The decoded bytes, or a <see cref="MalformedDataException"/> naming <paramref name="what"/>.</summary>
    public static byte[] Decode(string base64, string what)
    {
        ArgumentNullException.ThrowIfNull(base64);
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new MalformedDataException($"The {what} is not valid base64.");
        }
    }
}
