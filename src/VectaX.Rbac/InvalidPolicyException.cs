namespace VectaX;

/// <summary>A policy or attribute set is empty, or names a category or value outside the declared vocabulary.</summary>
public sealed class InvalidPolicyException : VectaXException
{
    internal InvalidPolicyException(string message)
        : base(message)
    {
    }
}
