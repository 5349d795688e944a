using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace VectaX.Collections.Embedded;

/// <summary>
/// Payloads and tag sets as the store file holds them: an int32 count, then int32-length-prefixed UTF-8 strings.
/// Decoding checks every length against the bytes left, so damage is a <see cref="StoreException"/>, never a large
/// allocation or a .NET parsing error.
/// </summary>
internal static class FieldCodec
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void EncodePayload(IReadOnlyDictionary<string, string> payload, ArrayBufferWriter<byte> output)
    {
        WriteInt(output, payload.Count);
        foreach ((string key, string value) in payload)
        {
            WriteString(output, key);
            WriteString(output, value);
        }
    }

    public static void EncodeStrings(IReadOnlyList<string> strings, ArrayBufferWriter<byte> output)
    {
        WriteInt(output, strings.Count);
        foreach (string s in strings)
        {
            WriteString(output, s);
        }
    }

    /// <summary>A payload; <paramref name="what"/> names it in the error.</summary>
    public static Dictionary<string, string> DecodePayload(ReadOnlySpan<byte> bytes, string what)
    {
        int count = ReadCount(ref bytes, 8, what);
        var payload = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = ReadString(ref bytes, what);
            payload[key] = ReadString(ref bytes, what);
        }

        return bytes.IsEmpty ? payload : throw Damaged(what);
    }

    /// <summary><paramref name="sets"/> string lists, back to back.</summary>
    public static string[][] DecodeStringLists(ReadOnlySpan<byte> bytes, int sets, string what)
    {
        var result = new string[sets][];
        for (int s = 0; s < sets; s++)
        {
            var list = new string[ReadCount(ref bytes, 4, what)];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = ReadString(ref bytes, what);
            }

            result[s] = list;
        }

        return bytes.IsEmpty ? result : throw Damaged(what);
    }

    private static void WriteInt(ArrayBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt(output, length);
        output.Advance(Encoding.UTF8.GetBytes(value, output.GetSpan(length)));
    }

    /// <summary>A count whose items take at least <paramref name="minimumBytes"/> each, so it cannot exceed the bytes left.</summary>
    private static int ReadCount(ref ReadOnlySpan<byte> bytes, int minimumBytes, string what)
    {
        if (bytes.Length < 4)
        {
            throw Damaged(what);
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bytes = bytes[4..];
        return count >= 0 && count <= bytes.Length / minimumBytes ? count : throw Damaged(what);
    }

    private static string ReadString(ref ReadOnlySpan<byte> bytes, string what)
    {
        int length = ReadCount(ref bytes, 1, what);
        try
        {
            string s = s_strict.GetString(bytes[..length]);
            bytes = bytes[length..];
            return s;
        }
        catch (DecoderFallbackException e)
        {
            throw new StoreException($"The store file's {what} is not valid UTF-8.", e);
        }
    }

    private static StoreException Damaged(string what) => new($"The store file's {what} is damaged: a length runs past its end.");
}
