using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Protobuf;

/// <summary>
/// Decodes a Kubernetes protobuf message into the JSON the API server writes for the same Go object: fields in proto
/// order, under their JSON names, embedded (inline) structs flattened into their parent; zero scalars left out unless
/// the Go field is a set pointer or has no omitempty (go-json-fields.txt); messages
/// always shown once present (Go writes every struct); metav1.Time/MicroTime as RFC 3339 (null when zero), IntOrString
/// as its number or string, Quantity as its string, RawExtension/FieldsV1 as the JSON they carry, bytes as base64,
/// list wrappers (ExtraValue) as lists, int64 as a JSON number.
/// </summary>
internal static class ProtoJsonDecoder
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    public static JsonNode? Decode(ProtoMessage message, ReadOnlyMemory<byte> data)
    {
        switch (message.FullName)
        {
            case Meta + "Time": return Time(data, micro: false);
            case Meta + "MicroTime": return Time(data, micro: true);
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString": return IntOrString(data);
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                var q = Fields(data).Where(f => f.Field == 1).Select(f => f.Value).LastOrDefault();
                return q.IsEmpty ? "0" : Encoding.UTF8.GetString(q.Span);
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" or Meta + "FieldsV1":
                var raw = Fields(data).Where(f => f.Field == 1).Select(f => f.Value).LastOrDefault();
                return raw.IsEmpty ? null : ParseJson(raw, message.FullName);
        }
        var values = new SortedDictionary<int, JsonNode?>();
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType); // a field this version does not know is dropped, as the server's decoder drops it
                continue;
            }
            if (field.MapKeyType is not null)
            {
                var (key, value) = MapEntry(field, reader.ReadBytes());
                var map = values.TryGetValue(number, out var m) && m is JsonObject o ? o : new JsonObject();
                map[key] = value;
                values[number] = map;
            }
            else if (field.Repeated)
            {
                var list = values.TryGetValue(number, out var l) && l is JsonArray a ? a : new JsonArray();
                if (wireType == 2 && IsPackable(field.Type))
                {
                    var packed = new WireReader(reader.ReadBytes());
                    while (!packed.AtEnd) list.Add(Scalar(field.Type, packed, 0));
                }
                else list.Add(Value(field, reader, wireType));
                values[number] = list;
            }
            else values[number] = Value(field, reader, wireType);
        }
        if (message.Wrapper) return values.Values.FirstOrDefault() ?? new JsonArray();
        var result = new JsonObject();
        foreach (var (number, value) in values)
        {
            var field = message.Fields[number];
            if (!field.Repeated && ProtoSchema.Scalars.Contains(field.Type) && IsZero(value) && !ProtoCatalog.KeepsZero(message, field)) continue;
            if (ProtoCatalog.IsInline(message, field) && value is JsonObject embedded)
            {
                foreach (var key in embedded.Select(kv => kv.Key).ToList())
                {
                    var inner = embedded[key];
                    embedded.Remove(key);
                    result[key] = inner;
                }
                continue;
            }
            result[ProtoCatalog.JsonName(message, field)] = value;
        }
        return result;
    }

    private static JsonNode? Value(ProtoField field, WireReader reader, int wireType)
    {
        if (ProtoSchema.Scalars.Contains(field.Type)) return Scalar(field.Type, reader, wireType);
        var message = ProtoCatalog.Find(field.Type) ?? throw new ProtobufFormatException($"no message {field.Type} in the embedded .proto files");
        return Decode(message, reader.ReadBytes());
    }

    private static JsonNode? Scalar(string type, WireReader reader, int wireType) => type switch
    {
        "string" => Encoding.UTF8.GetString(reader.ReadBytes().Span),
        "bytes" => Convert.ToBase64String(reader.ReadBytes().Span),
        "bool" => reader.ReadVarint() != 0,
        "int32" => (int)(long)reader.ReadVarint(),
        "int64" => (long)reader.ReadVarint(),
        "uint32" => (uint)reader.ReadVarint(),
        "uint64" => reader.ReadVarint(),
        "double" => BitConverter.UInt64BitsToDouble(reader.ReadFixed64()),
        "float" => BitConverter.UInt32BitsToSingle(reader.ReadFixed32()),
        _ => throw new ProtobufFormatException($"wire type {wireType} for {type}"),
    };

    private static bool IsPackable(string type) => type is not ("string" or "bytes") && ProtoSchema.Scalars.Contains(type);

    private static (string Key, JsonNode? Value) MapEntry(ProtoField field, ReadOnlyMemory<byte> entry)
    {
        var reader = new WireReader(entry);
        string key = "";
        JsonNode? value = null;
        var valueField = field with { Repeated = false, MapKeyType = null };
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1) key = Scalar(field.MapKeyType!, reader, wireType)?.ToString() ?? "";
            else if (number == 2) value = Value(valueField, reader, wireType);
            else reader.Skip(wireType);
        }
        // A map value that is absent is Go's zero value: "" for strings and bytes, as the JSON shows it.
        value ??= field.Type is "string" or "bytes" ? "" : ProtoSchema.Scalars.Contains(field.Type) ? 0 : ProtoCatalog.Find(field.Type) is { } m ? Decode(m, ReadOnlyMemory<byte>.Empty) : null;
        return (key, value);
    }

    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> data)
    {
        var reader = new WireReader(data);
        var result = new List<(int, ReadOnlyMemory<byte>)>();
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType == 2) result.Add((number, reader.ReadBytes()));
            else reader.Skip(wireType);
        }
        return result;
    }

    /// <summary>metav1.Time keeps whole seconds ("2006-01-02T15:04:05Z"), MicroTime microseconds; a zero time is null.</summary>
    private static JsonNode? Time(ReadOnlyMemory<byte> data, bool micro)
    {
        if (data.IsEmpty) return null;
        long seconds = 0, nanos = 0;
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1) seconds = (long)reader.ReadVarint();
            else if (number == 2) nanos = (int)(long)reader.ReadVarint();
            else reader.Skip(wireType);
        }
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        if (!micro) return t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return t.AddTicks(nanos / 1000 * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonNode IntOrString(ReadOnlyMemory<byte> data)
    {
        long type = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1: type = (long)reader.ReadVarint(); break;
                case 2: intVal = (int)(long)reader.ReadVarint(); break;
                case 3: strVal = Encoding.UTF8.GetString(reader.ReadBytes().Span); break;
                default: reader.Skip(wireType); break;
            }
        }
        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    private static JsonNode? ParseJson(ReadOnlyMemory<byte> raw, string type)
    {
        try { return JsonNode.Parse(raw.Span); }
        catch (System.Text.Json.JsonException) { throw new ProtobufFormatException($"{type} does not hold JSON"); }
    }

    private static bool IsZero(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<int>(out var i) => i == 0,
        JsonValue v when v.TryGetValue<long>(out var l) => l == 0,
        JsonValue v when v.TryGetValue<uint>(out var u) => u == 0,
        JsonValue v when v.TryGetValue<ulong>(out var ul) => ul == 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d == 0,
        JsonValue v when v.TryGetValue<float>(out var f) => f == 0,
        _ => false,
    };
}
