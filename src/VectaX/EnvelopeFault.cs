namespace VectaX;

/// <summary>Which check of a <see cref="SecretEnvelope"/> failed; <see cref="None"/> for malformed data of any other kind.</summary>
public enum EnvelopeFault
{
    /// <summary>Not an envelope fault: the data is malformed in some other way.</summary>
    None,

    /// <summary>Shorter than an envelope or than its contents say, or not the length its kind has.</summary>
    Truncated,

    /// <summary>The magic names another kind of file, or none.</summary>
    WrongKind,

    /// <summary>A version this build does not read.</summary>
    UnsupportedVersion,

    /// <summary>The checksum does not match: the bytes were damaged or altered.</summary>
    ChecksumMismatch,
}
