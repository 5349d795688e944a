using System.Security.Cryptography;
using System.Text.Json;

namespace VectaX.Rbac;

/// <summary>The authority file: JSON with the vocabulary, the epoch and the master secret (base64), owner-only, as `vectax rbac authority` writes it.</summary>
public sealed partial class RbacAuthority
{
    /// <summary>
    /// Writes the authority to an owner-only file (mode 600 on Unix), refusing to replace one unless <paramref name="overwrite"/>;
    /// written beside it and renamed into place, so a crash leaves the old file or the new one.
    /// </summary>
    public void Save(string path, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] secret = ExportSecret();
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new AuthorityFile(Vocabulary.ToString(), Epoch, Convert.ToBase64String(secret)));
        CryptographicOperations.ZeroMemory(secret);
        OwnerOnlyFile.Write(path, json, overwrite);
    }

    /// <summary>Replaces the authority file (atomically, as every save is): what advancing the epoch for a revocation uses.</summary>
    public void Replace(string path) => Save(path, overwrite: true);

    /// <summary>Reads a file written by <see cref="Save"/>; anything else is a <see cref="MalformedDataException"/>.</summary>
    public static RbacAuthority Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AuthorityFile file;
        byte[] secret;
        PolicyVocabulary vocabulary;
        try
        {
            file = JsonSerializer.Deserialize<AuthorityFile>(File.ReadAllBytes(path)) ?? throw new JsonException("it holds null");
            secret = Convert.FromBase64String(file.Secret ?? throw new JsonException("it has no secret"));
            vocabulary = AttributeSetText.ParseVocabulary(file.Vocabulary ?? throw new JsonException("it has no vocabulary"));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidPolicyException)
        {
            throw new MalformedDataException($"'{path}' is not an authority file: {e.Message}");
        }

        try
        {
            return secret.Length == SecretSize ? new RbacAuthority(vocabulary, secret, file.Epoch ?? throw new MalformedDataException($"'{path}' is not an authority file: it has no epoch."))
                : throw new MalformedDataException($"'{path}' is not an authority file: its secret is not {SecretSize} bytes.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private sealed record AuthorityFile(string? Vocabulary, uint? Epoch, string? Secret);
}
