using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Resources;

/// <summary>One built-in resource at one stable version, as the swagger's paths describe it.</summary>
/// <param name="Verbs">Discovery verbs (create, delete, deletecollection, get, list, patch, update, watch) the paths offer.</param>
internal sealed record BuiltInKind(string Group, string Version, string Kind, string Plural, bool Namespaced,
    IReadOnlyList<string> Verbs, bool HasStatus, bool HasScale);

/// <summary>
/// The built-in kinds of the embedded Kubernetes 1.36 swagger, read from its paths (the operations' group-version-kind
/// and x-kubernetes-action): every resource of a stable version (v1, v2 — no alpha or beta), its scope, verbs and
/// status/scale subresources. Read once per process.
/// </summary>
internal static partial class BuiltInCatalog
{
    private static readonly Lazy<IReadOnlyList<BuiltInKind>> Kinds = new(Read);

    public static IReadOnlyList<BuiltInKind> All => Kinds.Value;

    private sealed class Builder
    {
        public string Kind = "";
        public bool Namespaced;
        public readonly SortedSet<string> Verbs = new(StringComparer.Ordinal);
        public bool Status;
        public bool Scale;
    }

    private static IReadOnlyList<BuiltInKind> Read()
    {
        var found = new Dictionary<(string Group, string Version, string Plural), Builder>();
        var order = new List<(string, string, string)>();
        foreach (var (path, item) in (JsonObject)EmbeddedSchemas.Swagger["paths"]!)
        {
            if (item is not JsonObject operations || Route.Parse(path) is not { } route) continue;
            if (!StableVersion().IsMatch(route.Version)) continue;
            var key = (route.Group, route.Version, route.Plural);
            if (!found.TryGetValue(key, out var b))
            {
                found[key] = b = new Builder();
                order.Add(key);
            }
            if (route.Namespaced) b.Namespaced = true;
            foreach (var (method, op) in operations)
            {
                if (method == "parameters" || op is not JsonObject operation) continue;
                var action = operation["x-kubernetes-action"].Str();
                switch (route.Subresource)
                {
                    case "":
                        if (operation["x-kubernetes-group-version-kind"]?["kind"].Str() is { } kind) b.Kind = kind;
                        if (Verb(action) is { } verb) b.Verbs.Add(verb);
                        break;
                    case "status":
                        b.Status = true;
                        break;
                    case "scale":
                        b.Scale = true;
                        break;
                }
            }
        }
        return order.Select(k => (Key: k, B: found[k]))
            .Where(x => x.B.Kind.Length > 0 && x.B.Verbs.Count > 0)
            .Select(x => new BuiltInKind(x.Key.Item1, x.Key.Item2, x.B.Kind, x.Key.Item3, x.B.Namespaced,
                x.B.Verbs.ToList(), x.B.Status, x.B.Scale))
            .ToList();
    }

    private static string? Verb(string? action) => action switch
    {
        "post" => "create",
        "put" => "update",
        "patch" => "patch",
        "delete" => "delete",
        "deletecollection" => "deletecollection",
        "get" => "get",
        "list" => "list",
        "watch" or "watchlist" => "watch",
        _ => null, // connect (exec, proxy, …) is not a resource verb
    };

    [GeneratedRegex(@"^v\d+\z")]
    private static partial Regex StableVersion();

    /// <summary>A swagger path split into group, version, scope, plural and subresource ("" for the resource itself).</summary>
    private sealed record Route(string Group, string Version, bool Namespaced, string Plural, string Subresource)
    {
        public static Route? Parse(string path)
        {
            var s = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            int i;
            string group, version;
            if (s is ["api", var v, ..]) (group, version, i) = ("", v, 2);
            else if (s is ["apis", var g, var v2, ..]) (group, version, i) = (g, v2, 3);
            else return null;
            if (i < s.Length && s[i] == "watch") i++;
            var namespaced = false;
            if (i + 2 < s.Length && s[i] == "namespaces" && s[i + 1] == "{namespace}")
            {
                namespaced = true;
                i += 2;
            }
            if (i >= s.Length) return null;
            var plural = s[i++];
            if (i < s.Length && s[i] == "{name}") i++;
            var sub = i < s.Length ? s[i++] : "";
            return i == s.Length ? new Route(group, version, namespaced, plural, sub) : null;
        }
    }
}
