using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>
/// Path elements in their fieldsV1 spelling ("f:name", "k:{…}", "v:…", "i:n") and in the spelling of conflict messages
/// (".spec.containers[name=\"web\"].image").
/// </summary>
internal static class PathElements
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Key fields a real server defaults before keying a list item (a port's protocol is TCP when omitted).</summary>
    private static readonly Dictionary<string, JsonNode> KeyDefaults = new(StringComparer.Ordinal) { ["protocol"] = "TCP" };

    public static string Field(string name) => "f:" + name;

    public static string Value(JsonNode? value) => "v:" + Json(value);

    public static string Index(int i) => "i:" + i;

    /// <summary>"k:{\"containerPort\":80,\"protocol\":\"TCP\"}" — key fields sorted by name; null with an error when one is missing.</summary>
    public static string? Key(JsonObject item, IReadOnlyList<string> keys, out string? error)
    {
        error = null;
        var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (item.TryGetPropertyValue(k, out var v) && v is not null) fields[k] = v.DeepClone();
            else if (KeyDefaults.TryGetValue(k, out var d)) fields[k] = d.DeepClone();
            else
            {
                error = $"associative list with keys has an element that omits key field \"{k}\" (and doesn't have default value)";
                return null;
            }
        }
        var obj = new JsonObject();
        foreach (var (k, v) in fields) obj[k] = v;
        return "k:" + Json(obj);
    }

    public static string Json(JsonNode? value) => value is null ? "null" : value.ToJsonString(Compact);

    /// <summary>".spec.template.spec.containers[name=\"web\"].image", as structured-merge-diff prints a path.</summary>
    public static string Describe(IEnumerable<string> path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var e in path)
        {
            var body = e[2..];
            switch (e[0])
            {
                case 'f':
                    sb.Append('.').Append(body);
                    break;
                case 'k':
                    var fields = (JsonNode.Parse(body) as JsonObject ?? []).Select(kv => $"{kv.Key}={Json(kv.Value)}");
                    sb.Append('[').Append(string.Join(",", fields)).Append(']');
                    break;
                case 'v':
                    sb.Append("[=").Append(body).Append(']');
                    break;
                default:
                    sb.Append('[').Append(body).Append(']');
                    break;
            }
        }
        return sb.ToString();
    }
}
