namespace VectaX;

/// <summary>Base of every error VectaX raises on bad input; messages name the problem and never carry key material.</summary>
public abstract class VectaXException : Exception
{
    /// <summary>Creates the error; for the errors of the libraries built on this one (collections, stores).</summary>
    protected VectaXException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A vector was empty, of the wrong dimension, held NaN or infinity, or overflowed when scaled.</summary>
public sealed class InvalidVectorException : VectaXException
{
    /// <summary>Creates the error; the message names the vector and the problem.</summary>
    public InvalidVectorException(string message)
        : base(message)
    {
    }
}

/// <summary>A metadata blob, key file, vector file or base64 string was truncated, foreign or of an unknown version.</summary>
public sealed class MalformedDataException : VectaXException
{
    /// <summary>An error for data read by a VectaX format outside the core (the files library); <paramref name="message"/> names the problem.</summary>
    public MalformedDataException(string message, EnvelopeFault fault = EnvelopeFault.None)
        : base(message) => Fault = fault;

    /// <summary>Which envelope check failed when a secret blob or file was refused; <see cref="EnvelopeFault.None"/> otherwise.</summary>
    public EnvelopeFault Fault { get; }
}

/// <summary>A ciphertext names a key id that this cipher or key ring does not hold.</summary>
public sealed class UnknownKeyException : VectaXException
{
    /// <summary>Creates the error for a key id no loaded key has.</summary>
    public UnknownKeyException(uint keyId)
        : base($"No key with id {keyId} is loaded.") => KeyId = keyId;

    /// <summary>The key id the ciphertext names.</summary>
    public uint KeyId { get; }
}

/// <summary>The authentication tag did not match: the ciphertext, its IV, tag or key id was changed, or the key is wrong.</summary>
public sealed class AuthenticationFailedException : VectaXException
{
    internal AuthenticationFailedException(int? row = null)
        : base(row is null
            ? "The ciphertext failed authentication: it was altered or was made under a different key."
            : $"Row {row} failed authentication: it was altered or was made under a different key.") => Row = row;

    /// <summary>The failing row of a batch, or null for a single vector.</summary>
    public int? Row { get; }
}
