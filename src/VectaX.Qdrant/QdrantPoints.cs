using System.Globalization;
using Google.Protobuf;
using Qdrant.Client.Grpc;
using VectaX.Collections;

namespace VectaX.Qdrant;

/// <summary>
/// Stored points to and from Qdrant's messages. Access tags go to a keyword list; every other field is a string. A
/// point written by another tool still reads: a non-string field becomes its text, a missing vector an empty one,
/// and the collection layer then names what is missing.
/// </summary>
internal static class QdrantPoints
{
    public static PointStruct ToStruct(StoredPoint p)
    {
        var s = new PointStruct { Id = p.Id, Vectors = p.Vector };
        foreach ((string key, string value) in p.Payload)
        {
            s.Payload[key] = value;
        }

        s.Payload[PayloadFields.AccessTags] = p.AccessTags.ToArray();
        return s;
    }

    public static StoredPoint ToStored(PointId id, VectorsOutput? vectors, IDictionary<string, Value> payload)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] tags = [];
        foreach ((string key, Value value) in payload)
        {
            if (key == PayloadFields.AccessTags)
            {
                tags = value.ListValue?.Values.Where(t => t.KindCase == Value.KindOneofCase.StringValue).Select(t => t.StringValue).ToArray() ?? [];
            }
            else
            {
                fields[key] = Text(value);
            }
        }

        return new StoredPoint(id.Num, Data(vectors?.Vector), fields, tags);
    }

    private static float[] Data(VectorOutput? v) =>
#pragma warning disable CS0612 // servers before the dense field send the plain data field
        v is null ? [] : v.Dense is { } dense ? [.. dense.Data] : [.. v.Data];
#pragma warning restore CS0612

    private static string Text(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.IntegerValue => value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        Value.KindOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        Value.KindOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        Value.KindOneofCase.NullValue => "",
        _ => JsonFormatter.Default.Format(value),
    };
}
