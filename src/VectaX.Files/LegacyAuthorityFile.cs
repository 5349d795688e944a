using System.Security.Cryptography;
using System.Text.Json;
using VectaX.Rbac;

namespace VectaX.Files;

/// <summary>The authority file as earlier versions wrote it: JSON with the vocabulary, the epoch and the master secret in base64. Read only.</summary>
internal static class LegacyAuthorityFile
{
    /// <summary>Whether the file starts with a JSON value, as an envelope, whose version byte is a control character, never does.</summary>
    public static bool IsJson(ReadOnlySpan<byte> blob)
    {
        var reader = new Utf8JsonReader(blob);
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static RbacAuthority Read(string path, byte[] json)
    {
        AuthorityJson file;
        byte[] secret;
        PolicyVocabulary vocabulary;
        try
        {
            file = JsonSerializer.Deserialize<AuthorityJson>(json) ?? throw new JsonException("it holds null");
            secret = Convert.FromBase64String(file.Secret ?? throw new JsonException("it has no secret"));
            vocabulary = AttributeSetText.ParseVocabulary(file.Vocabulary ?? throw new JsonException("it has no vocabulary"));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidPolicyException)
        {
            throw new MalformedDataException($"'{path}' is not an authority file: {e.Message}");
        }

        try
        {
            return secret.Length == RbacAuthority.SecretSize ? RbacAuthority.FromSecret(vocabulary, secret, file.Epoch ?? throw new MalformedDataException($"'{path}' is not an authority file: it has no epoch."))
                : throw new MalformedDataException($"'{path}' is not an authority file: its secret is not {RbacAuthority.SecretSize} bytes.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private sealed record AuthorityJson(string? Vocabulary, uint? Epoch, string? Secret);
}
