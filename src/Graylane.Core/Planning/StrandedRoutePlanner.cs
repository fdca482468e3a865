using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning.Istio;

namespace Graylane.Core.Planning;

/// <summary>
/// Finds the routes that would be left on a version with no pods once promote retires it, and plans moving them to the
/// new version with every other field kept: Services (their selector's version keys replaced), Ingresses (they follow
/// their Service), and VirtualService http/tcp/tls routes (a retiring subset replaced by the new version's subset).
/// Pure: objects in, findings and moved objects out.
/// </summary>
public static class StrandedRoutePlanner
{
    private static readonly string[] RouteLists = ["http", "tcp", "tls"];

    /// <summary>Services (other than the ones the router manages) whose selector picks only retiring pods.</summary>
    public static List<StrandedRoute> Services(IEnumerable<JsonObject> services, IReadOnlyList<RetiringVersion> versions, Func<ObjectKey, bool> managed)
    {
        var found = new List<StrandedRoute>();
        foreach (var s in services)
        {
            var key = new ObjectKey("Service", Obj.Namespace(s), Obj.Name(s));
            if (managed(key)) continue;
            var selector = Obj.StringMap(s["spec"]?["selector"]);
            if (versions.FirstOrDefault(v => v.SelectsOnlyOld(selector)) is not { } v) continue;
            found.Add(new StrandedRoute(key, $"selector {Format(selector)}", $"{v.OldWorkload} ({v.OldVersion}) pods only",
                $"selector {Format(MovedSelector(selector, v))}", Current: s, Moved: MoveService(s, v)));
        }
        return found;
    }

    /// <summary>The Service selecting the new version instead: the retiring version's keys go, the new version's are set, the rest stays.</summary>
    public static JsonObject MoveService(JsonObject service, RetiringVersion v)
    {
        var moved = Obj.Clone(service);
        var selector = Obj.Child(Obj.Child(moved, "spec"), "selector");
        var wanted = MovedSelector(Obj.StringMap(selector), v);
        foreach (var key in selector.Select(kv => kv.Key).Where(k => !wanted.ContainsKey(k)).ToList()) selector.Remove(key);
        foreach (var (key, value) in wanted)
            if ((string?)selector[key] != value) selector[key] = value;
        return moved;
    }

    /// <summary>Ingress rules (and default backends) whose Service is one of the stranded ones: they move with it.</summary>
    public static List<StrandedRoute> Ingresses(IEnumerable<JsonObject> ingresses, IReadOnlyCollection<string> strandedServices)
    {
        var found = new List<StrandedRoute>();
        foreach (var ing in ingresses)
        {
            var key = new ObjectKey("Ingress", Obj.Namespace(ing), Obj.Name(ing));
            if (Backend(ing["spec"]?["defaultBackend"]) is { } d && strandedServices.Contains(d))
                found.Add(new StrandedRoute(key, "default backend", $"Service {d}", $"follows Service {d}"));
            foreach (var rule in Obj.Objects(ing["spec"]?["rules"]))
                foreach (var path in Obj.Objects(rule["http"]?["paths"]))
                    if (Backend(path["backend"]) is { } svc && strandedServices.Contains(svc))
                        found.Add(new StrandedRoute(key, $"rule {(string?)rule["host"] ?? "*"}{(string?)path["path"] ?? "/"}", $"Service {svc}", $"follows Service {svc}"));
        }
        return found;
    }

    /// <summary>
    /// VirtualService route destinations that carry traffic (weight above 0) to a retiring version's subset of its Service.
    /// Routes the router manages itself (managedRoute(virtualService, route)) are skipped.
    /// </summary>
    public static List<StrandedRoute> VirtualServiceRoutes(JsonObject vs, IReadOnlyList<RetiringVersion> versions, IReadOnlyList<JsonObject> destinationRules,
        Func<JsonObject, JsonObject, bool> managedRoute)
    {
        var found = new List<StrandedRoute>();
        var key = new ObjectKey("VirtualService", Obj.Namespace(vs), Obj.Name(vs));
        var moved = MoveVirtualService(vs, versions, destinationRules, managedRoute);
        foreach (var (list, route, index, entry, v, subset) in Stranded(vs, versions, destinationRules, managedRoute))
        {
            var name = $"{list} route {GraylaneRoutes.Describe(route, index)}";
            var host = (string?)entry["destination"]?["host"];
            var target = $"{host} subset {subset}";
            found.Add(NewSubset(vs, v, destinationRules) is { } to
                ? new StrandedRoute(key, name, target, $"{host} subset {to}", Current: vs, Moved: moved)
                : new StrandedRoute(key, name, target, null,
                    $"no DestinationRule subset for {v.Service} selects only the {v.NewVersion} pods ({Format(v.NewSelector)}); add one, or point the route at {v.NewVersion} yourself"));
        }
        return found;
    }

    /// <summary>The VirtualService with each stranded destination on the new version's subset, every other field as it was.</summary>
    public static JsonObject MoveVirtualService(JsonObject vs, IReadOnlyList<RetiringVersion> versions, IReadOnlyList<JsonObject> destinationRules,
        Func<JsonObject, JsonObject, bool> managedRoute)
    {
        var moved = Obj.Clone(vs);
        foreach (var (_, _, _, entry, v, _) in Stranded(moved, versions, destinationRules, managedRoute))
            if (NewSubset(vs, v, destinationRules) is { } to) entry["destination"]!["subset"] = to;
        return moved;
    }

    private static IEnumerable<(string List, JsonObject Route, int Index, JsonObject Entry, RetiringVersion Version, string Subset)> Stranded(
        JsonObject vs, IReadOnlyList<RetiringVersion> versions, IReadOnlyList<JsonObject> destinationRules, Func<JsonObject, JsonObject, bool> managedRoute)
    {
        var ns = Obj.Namespace(vs);
        foreach (var list in RouteLists)
        {
            var routes = Obj.Objects(vs["spec"]?[list]).ToList();
            for (var i = 0; i < routes.Count; i++)
            {
                var route = routes[i];
                if (GraylaneRoutes.IsGraylane(route) || managedRoute(vs, route)) continue;
                var entries = Obj.Objects(route["route"]).ToList();
                foreach (var entry in entries)
                {
                    if (RouteDestinations.Weight(entry, entries.Count) <= 0) continue;
                    if ((string?)entry["destination"]?["host"] is not { } host || (string?)entry["destination"]?["subset"] is not { } subset) continue;
                    foreach (var v in versions)
                        if (v.Service is { } svc && IstioHosts.Same(host, svc, ns)
                            && SubsetLabels(destinationRules, svc, ns, subset) is { } labels && v.SelectsOnlyOld(labels))
                            yield return (list, route, i, entry, v, subset);
                }
            }
        }
    }

    /// <summary>The name of a subset of the Service's DestinationRules that selects only the new version's pods.</summary>
    private static string? NewSubset(JsonObject vs, RetiringVersion v, IReadOnlyList<JsonObject> destinationRules) =>
        Rules(destinationRules, v.Service!, Obj.Namespace(vs))
            .SelectMany(dr => Obj.Objects(dr["spec"]?["subsets"]))
            .FirstOrDefault(s => v.SelectsOnlyNew(Obj.StringMap(s["labels"])))?["name"]?.ToString();

    private static Dictionary<string, string>? SubsetLabels(IReadOnlyList<JsonObject> destinationRules, string service, string? ns, string subset) =>
        Rules(destinationRules, service, ns).SelectMany(dr => Obj.Objects(dr["spec"]?["subsets"]))
            .FirstOrDefault(s => (string?)s["name"] == subset) is { } found ? Obj.StringMap(found["labels"]) : null;

    private static IEnumerable<JsonObject> Rules(IReadOnlyList<JsonObject> destinationRules, string service, string? ns) =>
        destinationRules.Where(dr => (string?)dr["spec"]?["host"] is { } h && IstioHosts.Same(h, service, Obj.Namespace(dr) ?? ns));

    private static Dictionary<string, string> MovedSelector(IReadOnlyDictionary<string, string> selector, RetiringVersion v)
    {
        var moved = new Dictionary<string, string>(selector, StringComparer.Ordinal);
        foreach (var key in v.OldSelector.Keys) moved.Remove(key);
        foreach (var (key, value) in v.NewSelector) moved[key] = value;
        return moved;
    }

    private static string? Backend(JsonNode? backend) => (string?)backend?["service"]?["name"] ?? (string?)backend?["serviceName"];

    private static string Format(IReadOnlyDictionary<string, string> selector) =>
        string.Join(",", selector.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
