using System.Buffers.Binary;
using System.Text;

namespace VectaX;

/// <summary>
/// Where a ciphertext belongs: its collection, point id and revision, encoded as the associated data its tag
/// covers, so a ciphertext moved to another point, collection or revision fails authentication.
/// </summary>
/// <param name="Collection">The collection name (at most 65,535 UTF-8 bytes).</param>
/// <param name="Id">The point id.</param>
/// <param name="Revision">The revision of the point, new on every write.</param>
public readonly record struct RecordBinding(string Collection, ulong Id, ulong Revision)
{
    // Strict: the default encoder turns every lone surrogate into U+FFFD, so two names a store tells apart would bind alike.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The binding's bytes: format(1) | collection length(2) | UTF-8 collection | id(8) | revision(8), little-endian; a name that is not valid Unicode is refused.</summary>
    public byte[] ToBytes()
    {
        ArgumentNullException.ThrowIfNull(Collection);
        int nameBytes;
        try
        {
            nameBytes = s_strictUtf8.GetByteCount(Collection);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("The collection name is not valid Unicode (it holds a lone surrogate).", nameof(Collection));
        }

        if (nameBytes > ushort.MaxValue)
        {
            throw new ArgumentException($"A collection name of {nameBytes} UTF-8 bytes is longer than a binding holds ({ushort.MaxValue}).", nameof(Collection));
        }

        byte[] bytes = new byte[1 + sizeof(ushort) + nameBytes + (2 * sizeof(ulong))];
        Span<byte> b = bytes;
        b[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(b[1..], (ushort)nameBytes);
        s_strictUtf8.GetBytes(Collection, b[3..]);
        BinaryPrimitives.WriteUInt64LittleEndian(b[(3 + nameBytes)..], Id);
        BinaryPrimitives.WriteUInt64LittleEndian(b[(11 + nameBytes)..], Revision);
        return bytes;
    }
}
