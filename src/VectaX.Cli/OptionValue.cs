namespace VectaX.Cli;

/// <summary>Reads what an option names, so that an error says which option and value to fix, not only what went wrong.</summary>
internal static class OptionValue
{
    /// <summary><paramref name="read"/> applied to <paramref name="value"/>; its errors come back prefixed with the option and the value.</summary>
    public static T Read<T>(string option, string value, Func<string, T> read)
    {
        try
        {
            return read(value);
        }
        catch (Exception e) when (e is VectaXException or ArgumentException or FormatException or IOException)
        {
            throw new ArgumentException($"{option} {(value.Length == 0 ? "''" : value)}: {VectaxCommand.Sentence(e)}", e);
        }
    }

    /// <summary>A key file.</summary>
    public static VectaXKey Key(string option, string path) => Read(option, path, SecretFile.ReadKey);

    /// <summary>An authority file.</summary>
    public static Rbac.RbacAuthority Authority(string option, string path) => Read(option, path, SecretFile.ReadAuthority);

    /// <summary>A user key file.</summary>
    public static Rbac.UserKey UserKey(string option, string path) => Read(option, path, SecretFile.ReadUserKey);
}
