namespace VectaX;

/// <summary>An RBAC key may not open a record: its attributes miss the policy, its epoch was revoked, it comes from another authority, or the record was altered.</summary>
public sealed class AccessDeniedException : VectaXException
{
    /// <summary>Creates the error; the message says why, never what the record holds.</summary>
    public AccessDeniedException(string message)
        : base(message)
    {
    }
}
