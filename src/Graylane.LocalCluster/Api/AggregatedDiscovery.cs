using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io v2, and v2beta1 for older clients): /api and /apis answer every group,
/// version and resource in one document when the client asks for it in Accept, as kubectl does. One request instead
/// of one per group-version keeps a fresh kubectl fast against the ~25 built-in groups.
/// </summary>
internal static class AggregatedDiscovery
{
    /// <summary>The apidiscovery version the Accept header asks for (v2 preferred), or null for the plain documents.</summary>
    public static string? Negotiate(string accept)
    {
        string? best = null;
        foreach (var part in accept.Split(','))
        {
            var p = part.Replace(" ", "");
            if (!p.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal) || !p.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal)) continue;
            if (!p.StartsWith("application/json", StringComparison.Ordinal)) continue;
            if (p.Contains(";v=v2;", StringComparison.Ordinal) || p.EndsWith(";v=v2", StringComparison.Ordinal)) return "v2";
            if (p.Contains(";v=v2beta1", StringComparison.Ordinal)) best = "v2beta1";
        }
        return best;
    }

    public static string ContentType(string version) => $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    /// <summary>/api (core = true: the "" group) or /apis (every named group).</summary>
    public static JsonObject Document(ResourceRegistry registry, bool core, string version)
    {
        var groups = core ? [""] : Resources.GroupOrder.Sort(registry.Groups.Where(g => g.Length > 0));
        var all = registry.All;
        var items = new JsonArray();
        foreach (var group in groups)
        {
            var versions = new JsonArray();
            foreach (var v in registry.VersionsOf(group))
            {
                var resources = new JsonArray();
                foreach (var r in all.Where(r => r.Group == group && r.Version == v).OrderBy(r => r.Plural, StringComparer.Ordinal))
                    resources.Add(Resource(r));
                versions.Add(new JsonObject { ["version"] = v, ["resources"] = resources, ["freshness"] = "Current" });
            }
            if (versions.Count == 0) continue;
            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null },
                ["versions"] = versions,
            });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Resource(ServedResource r)
    {
        var o = new JsonObject
        {
            ["resource"] = r.Plural,
            ["responseKind"] = Kind(r.Group, r.Version, r.Kind),
            ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = r.Singular,
            ["verbs"] = Strings(r.ServedVerbs),
        };
        if (r.ShortNames.Count > 0) o["shortNames"] = Strings(r.ShortNames);
        if (r.Categories.Count > 0) o["categories"] = Strings(r.Categories);
        var subs = new JsonArray();
        if (r.HasScale) subs.Add(Sub("scale", Kind("autoscaling", "v1", "Scale")));
        if (r.HasStatus) subs.Add(Sub("status", Kind(r.Group, r.Version, r.Kind)));
        if (r.Group.Length == 0 && r.Plural == "serviceaccounts")
        {
            var token = Sub("token", Kind("authentication.k8s.io", "v1", "TokenRequest"));
            token["verbs"] = new JsonArray("create");
            subs.Add(token);
        }
        if (subs.Count > 0) o["subresources"] = subs;
        return o;
    }

    private static JsonObject Sub(string name, JsonObject kind) => new()
    {
        ["subresource"] = name,
        ["responseKind"] = kind,
        ["verbs"] = new JsonArray("get", "patch", "update"),
    };

    private static JsonObject Kind(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
