using System.Security.Cryptography;
using VectaX.Rbac;

namespace VectaX.Files;

/// <summary>
/// The one way secrets reach disk and come back: each file holds its secret's <see cref="SecretEnvelope"/> (magic,
/// version, checksum), written owner-only and atomically by <see cref="OwnerOnlyFile"/>; reads refuse oversized files
/// before reading them and also accept the two older forms (an authority in JSON, a user key in base64 text).
/// </summary>
public static class SecretFile
{
    /// <summary>The largest secret file read: far above any authority's vocabulary, far below what would exhaust memory.</summary>
    public const int MaxBytes = 1 << 24;

    private static readonly System.Buffers.SearchValues<byte> s_base64Text = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"u8);

    /// <summary>Writes <paramref name="key"/> to a new owner-only file; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static void Write(string path, VectaXKey key, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        OwnerOnlyFile.Write(path, key.Export(), overwrite);
    }

    /// <summary>Writes <paramref name="authority"/> to a new owner-only file; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static void Write(string path, RbacAuthority authority, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(authority);
        OwnerOnlyFile.Write(path, authority.Export(), overwrite);
    }

    /// <summary>Writes <paramref name="key"/> to a new owner-only file; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static void Write(string path, UserKey key, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        OwnerOnlyFile.Write(path, key.Export(), overwrite);
    }

    /// <summary>Reads a key file; anything else is a <see cref="MalformedDataException"/>.</summary>
    public static VectaXKey ReadKey(string path) => Read(path, "key", blob => VectaXKey.Import(blob));

    /// <summary>Reads an authority file, or one in the JSON that earlier versions wrote; anything else is a <see cref="MalformedDataException"/>.</summary>
    public static RbacAuthority ReadAuthority(string path) =>
        Read(path, "authority", blob => LegacyAuthorityFile.IsJson(blob) ? LegacyAuthorityFile.Read(path, blob) : ImportAuthority(path, blob));

    /// <summary>Reads a user key file, or one in the base64 text that earlier versions wrote; anything else is a <see cref="MalformedDataException"/>.</summary>
    public static UserKey ReadUserKey(string path) =>
        Read(path, "user key", blob => IsBase64Text(blob) ? UserKey.FromBase64(System.Text.Encoding.ASCII.GetString(blob).Trim()) : UserKey.Import(blob));

    private static RbacAuthority ImportAuthority(string path, byte[] blob)
    {
        try
        {
            return RbacAuthority.Import(blob);
        }
        catch (MalformedDataException e)
        {
            throw new MalformedDataException($"'{path}' is not an authority file: {e.Message}", e.Fault);
        }
    }

    private static T Read<T>(string path, string what, Func<byte[], T> import)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] blob;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            if (file.Length > MaxBytes)
            {
                throw new MalformedDataException($"Not a VectaX {what}: the file holds {file.Length} bytes, more than a secret file may ({MaxBytes}).", EnvelopeFault.WrongKind);
            }

            blob = new byte[file.Length];
            file.ReadExactly(blob);
        }

        try
        {
            return import(blob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blob);
        }
    }

    /// <summary>Base64 characters and whitespace only: an envelope never is, its version byte being a control character.</summary>
    private static bool IsBase64Text(ReadOnlySpan<byte> blob) =>
        !blob.IsEmpty && !blob.ContainsAnyExcept(s_base64Text);
}
