using System.Text;

namespace VectaX.Collections.Embedded;

/// <summary>
/// Reads the first store format ("VXS1": every point length-prefixed, parsed whole) so existing files keep working;
/// a writer converts them to the current format on open. Every count is checked against the bytes left before
/// anything is allocated for it.
/// </summary>
internal static class LegacyStoreFile
{
    public static List<(string Name, int Dimension, List<StoredPoint> Points)> Read(string path)
    {
        var collections = new List<(string, int, List<StoredPoint>)>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        using var reader = new BinaryReader(stream, new UTF8Encoding(false, true));
        try
        {
            reader.ReadBytes(StoreFileFormat.LegacyMagic.Length);
            int collectionCount = Count(reader, 9);
            for (int n = 0; n < collectionCount; n++)
            {
                string name = reader.ReadString();
                int dimension = reader.ReadInt32();
                if (dimension is < 1 or > StoreFileFormat.MaxDimension)
                {
                    throw Invalid(path, $"collection '{name}' has dimension {dimension}, outside 1..{StoreFileFormat.MaxDimension}");
                }

                // A point takes its id, its floats and two counts at least.
                int count = Count(reader, 16 + (4L * dimension));
                var points = new List<StoredPoint>(count);
                for (int i = 0; i < count; i++)
                {
                    ulong id = reader.ReadUInt64();
                    var vector = new float[dimension];
                    for (int j = 0; j < vector.Length; j++)
                    {
                        vector[j] = reader.ReadSingle();
                    }

                    int fields = Count(reader, 2);
                    var payload = new Dictionary<string, string>(fields, StringComparer.Ordinal);
                    for (int k = 0; k < fields; k++)
                    {
                        payload[reader.ReadString()] = reader.ReadString();
                    }

                    var tags = new string[Count(reader, 1)];
                    for (int t = 0; t < tags.Length; t++)
                    {
                        tags[t] = reader.ReadString();
                    }

                    points.Add(new StoredPoint(id, vector, payload, tags));
                }

                collections.Add((name, dimension, points));
            }
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or DecoderFallbackException or IOException and not FileNotFoundException)
        {
            throw new StoreException($"'{path}' is truncated or damaged (store format version 1).", e);
        }

        return collections;

        // A count of items that take at least minimumBytes each cannot exceed what the file has left.
        int Count(BinaryReader r, long minimumBytes)
        {
            int count = r.ReadInt32();
            return count >= 0 && count <= (stream.Length - stream.Position) / minimumBytes
                ? count
                : throw Invalid(path, $"a count of {count} is more than the {stream.Length - stream.Position} bytes left can hold");
        }
    }

    private static StoreException Invalid(string path, string problem) => new($"'{path}' is damaged (store format version 1): {problem}.");
}
