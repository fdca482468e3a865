using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>
/// The content of a ConfigMap or Secret as the server stores it, so a manifest compares equal to the live object it
/// produced: a Secret's stringData is folded into data (base64), as the API server does on write.
/// </summary>
public static class ConfigData
{
    /// <summary>Key → value (ConfigMap data as text, binaryData and Secret data as base64), with "binaryData." marking binary keys.</summary>
    public static SortedDictionary<string, string> Of(JsonObject obj)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in obj["data"] as JsonObject ?? []) result[k] = v?.ToString() ?? "";
        if ((string?)obj["kind"] == ConfigReferences.Secret)
        {
            foreach (var (k, v) in obj["stringData"] as JsonObject ?? [])
                result[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v?.ToString() ?? ""));
        }
        else
        {
            foreach (var (k, v) in obj["binaryData"] as JsonObject ?? []) result["binaryData." + k] = v?.ToString() ?? "";
        }
        return result;
    }

    /// <summary>True when both hold the same keys and values (and, for Secrets, the same type).</summary>
    public static bool Same(JsonObject a, JsonObject b) =>
        Of(a).SequenceEqual(Of(b)) && Type(a) == Type(b);

    private static string Type(JsonObject o) => (string?)o["type"] ?? ((string?)o["kind"] == ConfigReferences.Secret ? "Opaque" : "");

    /// <summary>A short fingerprint of the content (what the release record keeps of a Secret instead of its values).</summary>
    public static string Hash(JsonObject obj)
    {
        var text = new StringBuilder(Type(obj));
        foreach (var (k, v) in Of(obj)) text.Append('\n').Append(k).Append('=').Append(v);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The content diff for messages; a Secret's values are never part of it, only its keys.</summary>
    public static IReadOnlyList<string> DiffLines(JsonObject? live, JsonObject wanted)
    {
        var before = live is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : Of(live);
        var after = Of(wanted);
        var secret = (string?)wanted["kind"] == ConfigReferences.Secret;
        var lines = new List<string>();
        foreach (var (k, v) in after)
        {
            if (!before.TryGetValue(k, out var old)) lines.Add($"+ data.{k}: {Value(v, secret)}");
            else if (old != v) lines.Add($"~ data.{k}: {Value(old, secret)} -> {Value(v, secret)}");
        }
        lines.AddRange(before.Keys.Where(k => !after.ContainsKey(k)).Select(k => $"- data.{k}"));
        if (live is not null && Type(live) != Type(wanted)) lines.Add($"~ type: {Type(live)} -> {Type(wanted)}");
        return lines;
    }

    private static string Value(string v, bool secret) => DiffText.Show(secret ? null : JsonValue.Create(v), secret);
}
