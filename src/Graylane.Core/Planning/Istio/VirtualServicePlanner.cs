using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Plans changes to a user's VirtualService. Graylane edits only the route it was pointed at (its destinations and
/// mirror) and the routes it creates (graylane-&lt;app&gt;-match-&lt;n&gt;); every other route and field is copied as it was.
/// Pure: objects in, objects out.
/// </summary>
public static class VirtualServicePlanner
{
    public const string ApiVersion = "networking.istio.io/v1";

    /// <summary>Marks VirtualServices and DestinationRules Graylane created (so they can be deleted when no longer needed).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "graylane";

    /// <summary>
    /// The index in spec.http of the route to manage: the route named routeName, or else the only route with a
    /// destination for the Service (any host form). Graylane's own routes are never candidates.
    /// </summary>
    public static int FindRoute(JsonObject vs, string? routeName, string serviceHost)
    {
        var routes = Routes(vs);
        var ns = Obj.Namespace(vs);
        var vsName = Describe(vs);
        if (!string.IsNullOrEmpty(routeName))
        {
            var index = routes.FindIndex(r => GraylaneRoutes.Name(r) == routeName);
            if (index < 0)
                throw new InvalidInputException("route",
                    $"--route \"{KubeNames.Printable(routeName)}\": VirtualService {vsName} has no route of that name; its routes are {DescribeAll(routes)}");
            if (GraylaneRoutes.IsGraylane(routes[index]))
                throw new InvalidInputException("route", $"--route \"{routeName}\" is a route Graylane created; name the user's route it serves");
            if (!RouteDestinations.RoutesTo(routes[index], serviceHost, ns))
                throw new InvalidInputException("route",
                    $"--route \"{routeName}\": route of VirtualService {vsName} does not route to Service {serviceHost}: it goes to {Or(RouteDestinations.Describe(routes[index]))}");
            return index;
        }
        var candidates = routes.Select((r, i) => (r, i))
            .Where(x => !GraylaneRoutes.IsGraylane(x.r) && RouteDestinations.RoutesTo(x.r, serviceHost, ns))
            .ToList();
        if (candidates.Count == 1) return candidates[0].i;
        if (candidates.Count == 0)
        {
            var hosts = routes.SelectMany(RouteDestinations.Entries).Select(RouteDestinations.Host).OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            throw new InvalidInputException("virtual-service",
                $"VirtualService {vsName} does not route to Service {serviceHost}: its routes go to {(hosts.Count == 0 ? "no Service (it has no http destinations)" : string.Join(", ", hosts))}; " +
                "name one that does with --virtual-service (or --gateway / --host), or none to let Graylane create one");
        }
        throw new InvalidInputException("route",
            $"VirtualService {vsName} has {candidates.Count} routes to Service {serviceHost}: {string.Join(", ", candidates.Select(x => GraylaneRoutes.Describe(x.r, x.i)))}; choose one with --route NAME (unnamed routes need a name first)");
    }

    /// <summary>
    /// The VirtualService with the shift applied to the route at routeIndex: destinations [baseline 100-w, gray w]
    /// (the user's baseline entry kept, its port reused), the mirror to gray set or removed, and Graylane's match
    /// routes for the app rebuilt immediately before it. Planning the result again gives an equal object.
    /// </summary>
    public static JsonObject Plan(JsonObject vs, int routeIndex, IstioTarget target, IstioShift shift)
    {
        shift.Validate();
        var result = Obj.Clone(vs);
        var http = Http(result);
        var managed = Managed(result, http, routeIndex);
        var ns = Obj.Namespace(vs);
        var name = GraylaneRoutes.Describe(managed, routeIndex);
        RouteDestinations.CheckManageable(managed, name, Describe(vs), target, ns);

        RemoveMatchRoutes(http, shift.App);
        var template = RouteDestinations.BaselineTemplate(managed, target, ns);
        managed["route"] = new JsonArray(
            RouteDestinations.EntryFor(template, target.Baseline, ns, 100 - shift.Weight, null),
            RouteDestinations.EntryFor(template, target.Gray, ns, shift.Weight, shift.Headers));
        SetMirror(managed, name, Describe(vs), template, target, shift.MirrorPercent, ns);

        var at = IndexOf(http, managed);
        foreach (var route in MatchRoutes.Build(managed, name, template, target, shift, ns).Reverse())
            http.Insert(at, route);
        return result;
    }

    /// <summary>
    /// Drops the app's match routes. With pointAt (and routeIndex, in vs as given) the route then sends everything to
    /// pointAt.Gray as its only destination (promote; the user's baseline entry keeps its other fields and port) and
    /// Graylane's mirror to that version goes. Without pointAt the route's destinations and mirror are left as they are.
    /// </summary>
    public static JsonObject RemoveManaged(JsonObject vs, string app, int? routeIndex = null, IstioTarget? pointAt = null)
    {
        if (pointAt is not null && routeIndex is null) throw new ArgumentException("pointAt needs routeIndex", nameof(pointAt));
        var result = Obj.Clone(vs);
        var http = Http(result);
        var managed = routeIndex is { } i ? Managed(result, http, i) : null;
        RemoveMatchRoutes(http, app);
        if (managed is null || pointAt is null) return result;
        var ns = Obj.Namespace(vs);
        RouteDestinations.CheckManageable(managed, GraylaneRoutes.Describe(managed, routeIndex!.Value), Describe(vs), pointAt, ns);
        var template = RouteDestinations.BaselineTemplate(managed, pointAt, ns);
        managed["route"] = new JsonArray(RouteDestinations.EntryFor(template, pointAt.Gray, ns, null, null));
        if (IstioTarget.Names(pointAt.Gray, managed["mirror"], ns)) RemoveMirror(managed);
        return result;
    }

    /// <summary>
    /// In-place promote: the route at routeIndex exactly as the user had it (userRoute, from the snapshot taken before the
    /// release), and the app's match routes dropped; every other route stays as it is.
    /// </summary>
    public static JsonObject RestoreRoute(JsonObject vs, string app, int routeIndex, JsonObject userRoute)
    {
        var result = Obj.Clone(vs);
        var http = Http(result);
        var managed = Managed(result, http, routeIndex);
        RemoveMatchRoutes(http, app);
        http[IndexOf(http, managed)] = Obj.Clone(userRoute);
        return result;
    }

    /// <summary>What the route at routeIndex does now (for read-back after a write).</summary>
    public static IstioWeights ReadWeights(JsonObject vs, int routeIndex, IstioTarget target, string app)
    {
        var routes = Routes(vs);
        if (routeIndex < 0 || routeIndex >= routes.Count)
            throw new ArgumentOutOfRangeException(nameof(routeIndex), $"VirtualService {Describe(vs)} has {routes.Count} http routes");
        var route = routes[routeIndex];
        var ns = Obj.Namespace(vs);
        var entries = RouteDestinations.Entries(route);
        int baseline = 0, gray = 0, other = 0;
        foreach (var e in entries)
        {
            var w = RouteDestinations.Weight(e, entries.Count);
            if (IstioTarget.Names(target.Baseline, e["destination"], ns)) baseline += w;
            else if (IstioTarget.Names(target.Gray, e["destination"], ns)) gray += w;
            else other += w;
        }
        double? mirror = null;
        if (IstioTarget.Names(target.Gray, route["mirror"], ns))
            mirror = Number(route["mirrorPercentage"]?["value"]) ?? Number(route["mirrorPercent"]) ?? Number(route["mirror_percent"]) ?? 100;
        var matchRoutes = routes.Count(r => GraylaneRoutes.IsMatchRouteOf(r, app));
        return new IstioWeights(baseline, gray, other, mirror, matchRoutes);
    }

    /// <summary>What the named route does now.</summary>
    public static IstioWeights ReadWeights(JsonObject vs, string routeName, IstioTarget target, string app)
    {
        var index = Routes(vs).FindIndex(r => GraylaneRoutes.Name(r) == routeName);
        if (index < 0) throw new InvalidInputException("route", $"VirtualService {Describe(vs)} has no route named \"{routeName}\"");
        return ReadWeights(vs, index, target, app);
    }

    /// <summary>Human-readable differences between what Graylane wrote and what the cluster holds (metadata and status ignored).</summary>
    public static IReadOnlyList<string> DetectDrift(JsonObject expected, JsonObject actual) => JsonDrift.Differences(expected, actual);

    /// <summary>
    /// A VirtualService for when the user has none: one route "primary" to the baseline. hosts default to the
    /// Service; with gateways, hosts (the external names) are required.
    /// </summary>
    public static JsonObject CreateVirtualService(string name, string ns, IstioTarget target, string serviceHost,
        IReadOnlyList<string>? gateways, IReadOnlyList<string>? hosts)
    {
        KubeNames.DnsSubdomain("virtual-service", name);
        KubeNames.DnsLabel("namespace", ns);
        if (gateways is { Count: > 0 } && hosts is not { Count: > 0 })
            throw new InvalidInputException("host", "--gateway needs --host: the external host names the gateway serves (e.g. --host shop.example.com)");
        var hostList = hosts is { Count: > 0 } ? hosts : [serviceHost];
        foreach (var h in hostList)
            if (h.Length is 0 or > 253 || HttpTokens.HasControl(h) || h.Any(char.IsWhiteSpace))
                throw new InvalidInputException("host", $"--host \"{KubeNames.Printable(h)}\" is not a host name (e.g. shop.example.com or *.example.com)");
        foreach (var g in gateways ?? [])
            if ((g != "mesh" && !g.Split('/').All(KubeNames.IsDnsSubdomain)) || g.Count(c => c == '/') > 1)
                throw new InvalidInputException("gateway", $"--gateway \"{KubeNames.Printable(g)}\" is not a gateway name (name, namespace/name or mesh)");
        var spec = new JsonObject { ["hosts"] = new JsonArray(hostList.Select(h => (JsonNode)JsonValue.Create(h)).ToArray()) };
        if (gateways is { Count: > 0 }) spec["gateways"] = new JsonArray(gateways.Select(g => (JsonNode)JsonValue.Create(g)).ToArray());
        spec["http"] = new JsonArray(new JsonObject
        {
            ["name"] = GraylaneRoutes.PrimaryRouteName,
            ["route"] = new JsonArray(new JsonObject { ["destination"] = target.Baseline.ToJson() }),
        });
        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [ManagedByLabel] = ManagedByValue },
            },
            ["spec"] = spec,
        };
    }

    private static void SetMirror(JsonObject route, string routeName, string vsName, JsonObject? template, IstioTarget target,
        double? percent, string? ns)
    {
        var existing = route["mirror"];
        var ours = existing is null || IstioTarget.Names(target.Gray, existing, ns);
        if (percent is not > 0)
        {
            if (existing is not null && ours) RemoveMirror(route);
            return;
        }
        if (route["mirrors"] is not null)
            throw new InvalidInputException("mirror",
                $"route {routeName} of VirtualService {vsName} already mirrors with \"mirrors\"; Istio does not allow \"mirror\" beside it — remove those mirrors or do not use --mirror");
        if (!ours)
            throw new InvalidInputException("mirror",
                $"route {routeName} of VirtualService {vsName} already mirrors to {existing!["host"]}; Graylane does not replace a mirror it did not create");
        route.Remove("mirrorPercent");
        route.Remove("mirror_percent");
        var destination = RouteDestinations.EntryFor(template, target.Gray, ns, null, null)["destination"]!.DeepClone();
        route["mirror"] = destination;
        route["mirrorPercentage"] = new JsonObject
        {
            ["value"] = percent.Value == Math.Floor(percent.Value) ? JsonValue.Create((int)percent.Value) : JsonValue.Create(percent.Value),
        };
    }

    private static void RemoveMirror(JsonObject route)
    {
        route.Remove("mirror");
        route.Remove("mirrorPercentage");
        route.Remove("mirrorPercent");
        route.Remove("mirror_percent");
    }

    private static void RemoveMatchRoutes(JsonArray http, string app)
    {
        for (var i = http.Count - 1; i >= 0; i--)
            if (GraylaneRoutes.IsMatchRouteOf(http[i], app)) http.RemoveAt(i);
    }

    private static JsonObject Managed(JsonObject vs, JsonArray http, int index)
    {
        if (index < 0 || index >= http.Count || http[index] is not JsonObject route)
            throw new ArgumentOutOfRangeException(nameof(index), $"VirtualService {Describe(vs)} has {http.Count} http routes");
        if (GraylaneRoutes.IsGraylane(route))
            throw new InvalidInputException("route", $"route \"{GraylaneRoutes.Name(route)}\" is a route Graylane created; name the user's route it serves");
        return route;
    }

    private static int IndexOf(JsonArray array, JsonNode node)
    {
        for (var i = 0; i < array.Count; i++)
            if (ReferenceEquals(array[i], node)) return i;
        throw new InvalidOperationException("managed route vanished");
    }

    /// <summary>
    /// Subset mode puts the gray pods behind the Service itself, so any other route of the VirtualService that sends to the
    /// Service without naming a subset (a fault-injection route for one tester, say) would reach them from deploy-gray on,
    /// at weight 0. Refused before anything is written, naming each such route and the ways out.
    /// </summary>
    public static void CheckNoUnsubsettedRoutes(JsonObject vs, int managed, string serviceHost)
    {
        var ns = Obj.Namespace(vs);
        var leaking = Routes(vs).Select((r, i) => (r, i))
            .Where(x => x.i != managed && !GraylaneRoutes.IsGraylane(x.r))
            .Where(x => RouteDestinations.Entries(x.r).Any(e => RouteDestinations.Host(e) is { } h && IstioHosts.Same(h, serviceHost, ns)
                                                             && string.IsNullOrEmpty((string?)e["destination"]?["subset"])))
            .Select(x => GraylaneRoutes.Describe(x.r, x.i))
            .ToList();
        if (leaking.Count == 0) return;
        throw new InvalidInputException("route",
            $"VirtualService {Describe(vs)}: route{(leaking.Count > 1 ? "s" : "")} {string.Join(", ", leaking)} send{(leaking.Count > 1 ? "" : "s")} to Service {serviceHost} without a subset, " +
            $"so once the gray pods run behind Service {serviceHost} {(leaking.Count > 1 ? "they" : "it")} would send them part of {(leaking.Count > 1 ? "their" : "its")} traffic, whatever the weight. " +
            $"Give {(leaking.Count > 1 ? "each" : "it")} a destination subset, or keep the gray out of Service {serviceHost} with --canary-service <a Service selecting the gray pods> (host mode)");
    }

    private static JsonArray Http(JsonObject vs) =>
        vs["spec"]?["http"] as JsonArray ?? throw new InvalidInputException("virtual-service", $"VirtualService {Describe(vs)} has no http routes");

    private static List<JsonObject> Routes(JsonObject vs) => Obj.Objects(vs["spec"]?["http"]).ToList();

    private static string Describe(JsonObject vs) => Obj.Namespace(vs) is { } ns ? $"{ns}/{Obj.Name(vs)}" : Obj.Name(vs);

    private static string DescribeAll(List<JsonObject> routes) =>
        routes.Count == 0 ? "none" : string.Join(", ", routes.Select(GraylaneRoutes.Describe));

    private static string Or(string s) => s.Length == 0 ? "nowhere" : s;

    private static double? Number(JsonNode? n) => RouteDestinations.Number(n);
}
