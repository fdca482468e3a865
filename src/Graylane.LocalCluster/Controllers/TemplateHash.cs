using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The pod-template-hash: FNV-1a (32-bit) of the template in canonical form, spelled with the same
/// vowel-free alphabet Kubernetes uses ("7d4b9c8f6"-like), so names look real and never spell words.
/// </summary>
internal static class TemplateHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template)
    {
        var canonical = Encoding.UTF8.GetBytes(Canonical(template)?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null");
        uint hash = 2166136261;
        foreach (var b in canonical)
        {
            hash ^= b;
            hash *= 16777619;
        }
        var digits = hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new string(digits.Select(c => Alphabet[c % Alphabet.Length]).ToArray());
    }

    /// <summary>
    /// Keys sorted recursively, so a template re-ordered by a patch keeps its hash; a null, {} or [] field is left out, as
    /// the real server's Go types make no difference between them and an absent one (`kubectl rollout undo` sends the old
    /// template back as Go writes it: `creationTimestamp: null`, `resources: {}`).
    /// </summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))
            .Where(kv => kv.Value is not (null or JsonObject { Count: 0 } or JsonArray { Count: 0 }))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
