using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// A request entering through a Gateway API Gateway: the rule chosen by the spec's precedence (see
/// <see cref="HttpRouteChooser"/>), its filters in order (RequestHeaderModifier, RequestMirror with percent or fraction,
/// RequestRedirect), then one backendRef drawn by weight (default 1), with that backend's own filters. A Service in
/// another namespace needs a ReferenceGrant there; an unusable backend answers 500 for its share, as the spec requires.
/// </summary>
internal sealed partial class RouteWalk
{
    private void EnterGatewayApi(RouteRequest request, JsonObject gateway)
    {
        var qualified = $"{Json.Namespace(gateway)}/{Json.Name(gateway)}";
        var state = RequestState.From(request, qualified, new Dictionary<string, string>());
        var (route, rule) = new HttpRouteChooser(snap).Choose(gateway, state, request.Host);
        var routeNs = Json.Namespace(route);
        var routeName = $"HTTPRoute {routeNs}/{Json.Name(route)}";
        foreach (var filter in Json.Arr(rule, "filters").OfType<JsonObject>())
        {
            switch (Json.Str(filter, "type"))
            {
                case "RequestRedirect":
                    var redirect = Json.Obj(filter, "requestRedirect");
                    var target = $"{Json.Str(redirect, "hostname") ?? request.Host}{Json.Str(redirect, "path", "replaceFullPath") ?? state.Path}";
                    _hops.Add(new Hop(qualified, null, null, $"redirect {Json.Str(redirect, "statusCode") ?? "302"} to {target}"));
                    return;
                case "RequestHeaderModifier":
                    ModifyHeaders(Json.Obj(filter, "requestHeaderModifier"), state.Headers);
                    break;
                case "RequestMirror":
                    MirrorTo(Json.Obj(filter, "requestMirror"), routeNs, state);
                    break;
                case "ExtensionRef":
                    throw new RoutingFailure(qualified, $"500 {routeName}: ExtensionRef filter {Json.Str(filter, "extensionRef", "name")} is not supported here");
            }
        }
        var backends = Json.Arr(rule, "backendRefs").OfType<JsonObject>().ToList();
        if (backends.Count == 0) throw new RoutingFailure(qualified, $"500 {routeName}: the matching rule has no backendRefs");
        var weights = backends.Select(b => Math.Max(0, Json.Num(b, "weight") ?? 1)).ToList();
        if (weights.Sum() <= 0) throw new RoutingFailure(qualified, $"500 {routeName}: every backendRef of the matching rule has weight 0");
        var draw = random.NextDouble() * weights.Sum();
        var chosen = backends[^1];
        for (var i = 0; i < backends.Count; i++)
        {
            if (draw < weights[i]) { chosen = backends[i]; break; }
            draw -= weights[i];
        }
        var service = Backend(chosen, routeNs, qualified, routeName);
        foreach (var filter in Json.Arr(chosen, "filters").OfType<JsonObject>())
        {
            if (Json.Str(filter, "type") == "RequestHeaderModifier") ModifyHeaders(Json.Obj(filter, "requestHeaderModifier"), state.Headers);
            if (Json.Str(filter, "type") == "RequestMirror") MirrorTo(Json.Obj(filter, "requestMirror"), routeNs, state);
        }
        var port = Json.Num(chosen, "port") is { } p ? (long)p : (long?)null;
        Deliver(service, null, service.Name, port, state, []);
    }

    /// <summary>A backendRef as a Service: core group, kind Service, in the route's namespace or one that grants the reference.</summary>
    private ServiceRef Backend(JsonObject backend, string routeNs, string subject, string routeName)
    {
        var group = Json.Str(backend, "group") ?? "";
        var kind = Json.Str(backend, "kind") ?? "Service";
        var name = Json.Str(backend, "name") ?? "";
        if (group != "" || kind != "Service")
            throw new RoutingFailure(subject, $"500 {routeName}: backend {kind}.{group}/{name} is not a Service");
        var ns = Json.Str(backend, "namespace") ?? routeNs;
        if (ns != routeNs && !Granted(routeNs, ns, name))
            throw new RoutingFailure(subject, $"500 {routeName}: no ReferenceGrant in namespace {ns} lets HTTPRoutes of {routeNs} use Service {name}");
        var service = new ServiceRef(ns, name);
        if (snap.Service(service) is null) throw new RoutingFailure(subject, $"500 {routeName}: backend Service {service.Key} not found");
        return service;
    }

    private bool Granted(string fromNs, string toNs, string service) =>
        snap.ReferenceGrants.Where(g => Json.Namespace(g) == toNs).Any(g =>
            Json.Arr(g, "spec", "from").Any(f => Json.Str(f, "group") == HttpRouteChooser.Group && Json.Str(f, "kind") == "HTTPRoute" && Json.Str(f, "namespace") == fromNs)
            && Json.Arr(g, "spec", "to").Any(t => (Json.Str(t, "group") ?? "") == "" && Json.Str(t, "kind") == "Service" && (Json.Str(t, "name") is not { } n || n == service)));

    /// <summary>HTTPHeaderFilter: set replaces, add appends (comma-joined), remove drops.</summary>
    private static void ModifyHeaders(JsonObject? modifier, Dictionary<string, string> headers)
    {
        foreach (var h in Json.Arr(modifier, "set")) headers[Json.Str(h, "name") ?? ""] = Json.Str(h, "value") ?? "";
        foreach (var h in Json.Arr(modifier, "add"))
        {
            var name = Json.Str(h, "name") ?? "";
            var value = Json.Str(h, "value") ?? "";
            headers[name] = headers.TryGetValue(name, out var old) && old.Length > 0 ? $"{old},{value}" : value;
        }
        foreach (var name in Json.Arr(modifier, "remove").Select(x => Json.Str(x)).OfType<string>()) headers.Remove(name);
    }

    /// <summary>RequestMirror: percent, or fraction numerator/denominator (default 100), else every request; the copy's answer is ignored.</summary>
    private void MirrorTo(JsonObject? mirror, string routeNs, RequestState state)
    {
        var percent = Json.Num(mirror, "percent")
            ?? (Json.Obj(mirror, "fraction") is { } fraction ? 100.0 * (Json.Num(fraction, "numerator") ?? 0) / (Json.Num(fraction, "denominator") ?? 100) : 100);
        if (!Chance(percent)) return;
        var backend = Json.Obj(mirror, "backendRef");
        var name = Json.Str(backend, "name") ?? "";
        try
        {
            var service = Backend(backend ?? [], routeNs, name, "mirror");
            var (hop, _) = _destinations.Pick(service, null, name, Json.Num(backend, "port") is { } p ? (long)p : null, state);
            _mirrors.Add(hop with { Note = Hop.MirrorNote });
        }
        catch (RoutingFailure f)
        {
            _mirrors.Add(new Hop(f.Subject ?? name, null, null, $"{Hop.MirrorNote} failed: {f.Message}"));
        }
    }
}
