namespace VectaX.Rbac;

/// <summary>
/// A record's header: its access class's part (<see cref="ClassHeader"/>) followed by the record part, record id(16) |
/// GCM nonce(12) | data key(32) | GCM tag(16): the record's fresh data key under AES-256-GCM with the class wrapping
/// key, bound (as associated data) to the SHA-256 of the class part, the record id and the caller's context (the
/// collection and point id). A changed byte anywhere, or a class part from another record, fails one of the tags.
/// </summary>
internal static class RecordHeader
{
    public const byte Version = ClassHeader.Version;
    public const int AuthorityIdSize = ClassHeader.AuthorityIdSize;
    public const int RecordIdSize = 16;
    public const int DataKeySize = 32;
    public const int RecordPartSize = RecordIdSize + RecordCrypto.GcmNonceSize + DataKeySize + RecordCrypto.GcmTagSize;

    /// <summary>A parsed view; throws <see cref="MalformedDataException"/> on a structurally invalid header.</summary>
    public readonly ref struct View
    {
        public View(ReadOnlySpan<byte> header)
        {
            int classLength = ClassHeader.LengthAt(header);
            if (header.Length != classLength + RecordPartSize)
            {
                Throw.Malformed("The RBAC header length does not match its contents.");
            }

            Bytes = header;
            Class = new ClassHeader.View(header[..classLength]);
            RecordPart = header[classLength..];
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public ClassHeader.View Class { get; }

        public ReadOnlySpan<byte> RecordPart { get; }

        public int EntryCount => Class.EntryCount;

        public ReadOnlySpan<byte> PolicyBox => Class.PolicyBox;

        public ReadOnlySpan<byte> AuthorityId => Class.AuthorityId;

        public uint Epoch => Class.Epoch;

        public ReadOnlySpan<byte> RecordId => RecordPart[..RecordIdSize];
    }
}
