using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>
/// Presents a JSON value to CEL typed by its schema, as Kubernetes does: integer → int, number → double,
/// string with format byte/date-time/date/duration → bytes/timestamp/duration, object with properties → an object
/// whose fields use escaped names, object with additionalProperties (or no schema) → map, array → list.
/// Conversion is lazy: a rule only pays for the parts of the object it reads.
/// </summary>
internal static class CelJsonValues
{
    public static object? From(JsonNode? node, JsonObject? schema)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject o: return new JsonMapValue(o, schema);
            case JsonArray a: return new JsonListValue(a, schema?["items"] as JsonObject);
            case JsonValue v: return Scalar(v, schema);
            default: return null;
        }
    }

    private static object? Scalar(JsonValue v, JsonObject? schema)
    {
        var type = schema?["type"]?.GetValue<string>();
        switch (v.GetValueKind())
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Null: return null;
            case JsonValueKind.String:
                var s = v.GetValue<string>();
                return schema?["format"]?.GetValue<string>() switch
                {
                    "byte" when type == "string" => Base64(s),
                    "date-time" or "date" when type == "string" => Timestamp(s),
                    "duration" when type == "string" => GoDuration.Parse(s),
                    _ => s,
                };
            case JsonValueKind.Number:
                var text = v.ToJsonString();
                if (type != "number" && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            default: return null;
        }
    }

    private static byte[] Base64(string s)
    {
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { throw new CelError($"illegal base64 data: {s}"); }
    }

    private static DateTimeOffset Timestamp(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts)
            ? ts.ToUniversalTime() : throw new CelError($"invalid timestamp: {s}");
}

/// <summary>A JSON object seen by CEL: an object of the schema (escaped field names) or a map (keys as they are).</summary>
internal sealed class JsonMapValue(JsonObject obj, JsonObject? schema) : ICelMap
{
    private readonly JsonObject? _properties = schema?["properties"] as JsonObject;

    public JsonObject Json => obj;
    public int Count => obj.Count;
    public IEnumerable<object?> Keys => obj.Select(kv => (object?)kv.Key);

    public bool TryGetValue(object? key, out object? value)
    {
        value = null;
        if (key is not string k || !obj.TryGetPropertyValue(k, out var node)) return false;
        value = CelJsonValues.From(node, ChildSchema(k));
        return true;
    }

    public bool TrySelect(string field, out object? value)
    {
        var name = _properties is null ? field : PropertyNames.For(_properties).GetValueOrDefault(field);
        if (name is null)
        {
            // Not a declared property: only a schema that keeps unknown fields can have it.
            value = null;
            return _properties is not null && (bool?)schema?["x-kubernetes-preserve-unknown-fields"] == true && TryGetValue(field, out value);
        }
        return TryGetValue(name, out value);
    }

    private JsonObject? ChildSchema(string key) =>
        _properties?[key] as JsonObject ?? schema?["additionalProperties"] as JsonObject;

    public override bool Equals(object? other) => other is ICelMap m && CelValues.Equal(this, m);
    public override int GetHashCode() => obj.Count;
}

/// <summary>A JSON array seen by CEL as a list, items typed by the items schema.</summary>
internal sealed class JsonListValue(JsonArray array, JsonObject? items) : IReadOnlyList<object?>
{
    public int Count => array.Count;
    public object? this[int index] => CelJsonValues.From(array[index], items);

    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < array.Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
