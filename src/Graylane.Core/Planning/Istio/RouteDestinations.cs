using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>Reading and rewriting the weighted destinations (route[]) of one HTTP route.</summary>
internal static class RouteDestinations
{
    public static IReadOnlyList<JsonObject> Entries(JsonObject route) => Obj.Objects(route["route"]).ToList();

    public static string? Host(JsonObject entry) => (string?)entry["destination"]?["host"];

    public static bool RoutesTo(JsonObject route, string serviceHost, string? ns) =>
        Entries(route).Any(e => Host(e) is { } h && IstioHosts.Same(h, serviceHost, ns));

    /// <summary>"reviews subset v1, ratings" — where a route sends traffic, for messages.</summary>
    public static string Describe(JsonObject route) =>
        string.Join(", ", Entries(route).Select(e =>
            (Host(e) ?? "?") + ((string?)e["destination"]?["subset"] is { } s ? $" subset {s}" : "")).Distinct());

    /// <summary>A route Graylane may split: it has destinations and every one is the baseline or the gray host.</summary>
    public static void CheckManageable(JsonObject route, string routeName, string vsName, IstioTarget target, string? ns)
    {
        var entries = Entries(route);
        if (entries.Count == 0)
            throw new InvalidInputException("route",
                $"route {routeName} of VirtualService {vsName} has no destinations (it redirects, answers directly or delegates); choose a route that forwards to the Service with --route");
        var others = entries.Select(e => Host(e) ?? "(no host)")
            .Where(h => !IstioHosts.Same(h, target.BaselineHost, ns) && !IstioHosts.Same(h, target.GrayHost, ns))
            .Distinct().ToList();
        if (others.Count > 0)
            throw new InvalidInputException("route",
                $"route {routeName} of VirtualService {vsName} also sends traffic to {string.Join(", ", others)}; Graylane splits a route only between {target.Baseline} and {target.Gray} — give those destinations their own route or choose another with --route");
    }

    /// <summary>
    /// The user's entry for the baseline (its extra fields are kept): the one naming the baseline exactly, else one
    /// for the baseline host, else the first. Null only for a route without destinations.
    /// </summary>
    public static JsonObject? BaselineTemplate(JsonObject route, IstioTarget target, string? ns)
    {
        var entries = Entries(route);
        return entries.FirstOrDefault(e => IstioTarget.Names(target.Baseline, e["destination"], ns))
            ?? entries.FirstOrDefault(e => Host(e) is { } h && IstioHosts.Same(h, target.BaselineHost, ns) && e["destination"]?["subset"] is null)
            ?? entries.FirstOrDefault(e => Host(e) is { } h && IstioHosts.Same(h, target.BaselineHost, ns) &&
                                           !IstioTarget.Names(target.Gray, e["destination"], ns))
            ?? entries.FirstOrDefault();
    }

    /// <summary>
    /// A copy of the template entry sent to the given version: host spelled as the user spelled it when it is the same
    /// Service, the version's subset, the target port or else the user's port. Weight and header sets as given.
    /// </summary>
    public static JsonObject EntryFor(JsonObject? template, IstioDestination version, string? ns, int? weight,
        IReadOnlyDictionary<string, string>? setHeaders)
    {
        var entry = template is null ? new JsonObject() : Obj.Clone(template);
        var userDestination = template?["destination"] as JsonObject;
        var destination = userDestination is null ? new JsonObject() : Obj.Clone(userDestination);
        if (!(Host(entry) is { } h && IstioHosts.Same(h, version.Host, ns))) destination["host"] = version.Host;
        if (version.Subset is null) destination.Remove("subset");
        else destination["subset"] = version.Subset;
        if (version.Port is { } p) destination["port"] = new JsonObject { ["number"] = p };
        entry["destination"] = destination;
        if (weight is { } w) entry["weight"] = w;
        else entry.Remove("weight");
        if (setHeaders is { Count: > 0 }) SetRequestHeaders(entry, setHeaders);
        return entry;
    }

    /// <summary>Adds headers.request.set entries (keeping any others the object already sets).</summary>
    public static void SetRequestHeaders(JsonObject o, IReadOnlyDictionary<string, string> headers)
    {
        var set = Obj.Child(Obj.Child(Obj.Child(o, "headers"), "request"), "set");
        foreach (var (k, v) in headers.OrderBy(kv => kv.Key, StringComparer.Ordinal)) set[k] = v;
    }

    /// <summary>The weight an entry gets: its weight, or 100 when it is the route's only destination and has none.</summary>
    public static int Weight(JsonObject entry, int count) =>
        Number(entry["weight"]) is { } w ? (int)Math.Round(w) : count == 1 ? 100 : 0;

    /// <summary>A JSON number however it was created (parsed text, int or double), else null.</summary>
    public static double? Number(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number &&
        double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
}
