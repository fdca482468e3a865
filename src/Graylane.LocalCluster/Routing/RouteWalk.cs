using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>Follows one request through the gateway and the call graph, collecting hops and mirrors.</summary>
internal sealed partial class RouteWalk(ClusterSnapshot snap, Random random, string versionLabel)
{
    private const int MaxDepth = RequestRouter.MaxCallDepth;

    private readonly List<Hop> _hops = [];
    private readonly List<Hop> _mirrors = [];
    private readonly Destinations _destinations = new(snap, random, versionLabel);
    private readonly VirtualServices _virtualServices = new(snap);
    private int _caller = -1; // the hop whose pod is making the calls being walked (metrics need who called whom)
    private IngressEntry? _ingress; // set when an ingress-nginx location took the request

    public RoutePath Run(RouteRequest request)
    {
        try
        {
            if (request.Ingress is { } ingress) EnterIngress(request, ingress);
            else if (request.Gateway is { } gateway && new HttpRouteChooser(snap).Gateway(Gateways.Qualify(gateway, request.Namespace)) is { } apiGateway)
                EnterGatewayApi(request, apiGateway);
            else if (request.Gateway is { } istioGateway) EnterGateway(request, Gateways.Qualify(istioGateway, request.Namespace));
            else EnterMesh(request);
            return new RoutePath(_hops.ToList(), _mirrors.ToList(), null) { Ingress = _ingress };
        }
        catch (RoutingFailure f)
        {
            _hops.Add(new Hop(f.Subject ?? "?", null, null, Hop.ErrorNote) { Caller = _caller }); // _caller: the pod whose call failed
            return new RoutePath(_hops.ToList(), _mirrors.ToList(), f.Message) { Ingress = _ingress };
        }
    }

    private void EnterMesh(RouteRequest request)
    {
        var service = HostNames.AsService(request.Host, request.Namespace)
            ?? throw new RoutingFailure(request.Host, "host is not a Service name (set Gateway for an external host)");
        Visit(service, RequestState.From(request, null, new Dictionary<string, string>()), []);
    }

    /// <summary>
    /// At an ingress gateway: the Gateway must exist and have a server for the host (else Envoy has no listener
    /// route: 404); then the merged routes of the VirtualServices bound to it decide.
    /// </summary>
    private void EnterGateway(RouteRequest request, string gateway)
    {
        var (ns, name) = (gateway.Split('/')[0], gateway.Split('/')[1]);
        var gw = snap.Gateways.FirstOrDefault(g => Json.Namespace(g) == ns && Json.Name(g) == name)
            ?? throw new RoutingFailure(gateway, $"Gateway {gateway} not found");
        var serves = Json.Arr(gw, "spec", "servers")
            .SelectMany(s => Json.Arr(s, "hosts")).Select(h => Json.Str(h)).OfType<string>()
            .Any(h => HostNames.Specificity(h.Contains('/') ? h[(h.IndexOf('/') + 1)..] : h, request.Host) >= 0);
        if (!serves) throw new RoutingFailure(gateway, $"Gateway {gateway} has no server for host {request.Host}");

        // The gateway's own pods send the request on; Gateway.spec.selector stands for their labels.
        var state = RequestState.From(request, gateway, Json.Map(gw, "spec", "selector"));
        var routes = _virtualServices.ForGateway(gateway, request.Host);
        if (routes.Count == 0)
            throw new RoutingFailure(gateway, $"no VirtualService for host {request.Host} on gateway {gateway}");
        ApplyFirstMatch(routes, state, gateway, []);
    }

    /// <summary>A sidecar sends a request to a Service: its VirtualService decides, else the Service itself.</summary>
    private void Visit(ServiceRef service, RequestState state, IReadOnlyList<string> chain)
    {
        if (chain.Count >= MaxDepth)
        {
            var cycle = chain.Contains(service.Name) ? $" (cycle through {service.Name})" : "";
            throw new RoutingFailure(service.Name, $"call chain deeper than {MaxDepth} hops{cycle}");
        }
        var vs = _virtualServices.ForMesh(service);
        if (vs is null)
        {
            Deliver(service, null, service.Name, null, state, chain);
            return;
        }
        var routes = Json.Arr(vs, "spec", "http").OfType<JsonObject>().Select(r => (vs, r)).ToList();
        ApplyFirstMatch(routes, state, service.Name, chain);
    }

    /// <summary>Routes are tried in order and the first match wins; none matching is Envoy's 404.</summary>
    private void ApplyFirstMatch(IReadOnlyList<(JsonObject Vs, JsonObject Route)> routes, RequestState state, string subject,
        IReadOnlyList<string> chain)
    {
        try
        {
            foreach (var (vs, route) in routes)
                if (HttpMatch.RouteMatches(route, state, Json.Namespace(vs)))
                {
                    Execute(vs, route, state, subject, chain);
                    return;
                }
        }
        catch (RoutingFailure f) when (f.Subject is null)
        {
            throw new RoutingFailure(subject, f.Message);
        }
        var names = string.Join(", ", routes.Select(r => $"{Json.Namespace(r.Vs)}/{Json.Name(r.Vs)}").Distinct());
        throw new RoutingFailure(subject, $"404 no route matched in VirtualService {names}");
    }

    private void Execute(JsonObject vs, JsonObject route, RequestState state, string subject, IReadOnlyList<string> chain)
    {
        var vsNs = Json.Namespace(vs);
        if (route["delegate"] is not null)
            throw new RoutingFailure(subject, $"delegate VirtualService is not supported ({vsNs}/{Json.Name(vs)})");
        // Fault injection runs before routing; an abort without a percentage aborts every request.
        if (Json.Obj(route, "fault", "abort") is { } abort && Chance(Json.Num(abort, "percentage", "value") ?? 100))
            throw new RoutingFailure(subject, $"fault abort {Json.Str(abort, "httpStatus") ?? Json.Str(abort, "grpcStatus") ?? "503"}");
        if (Json.Obj(route, "directResponse") is { } direct)
        {
            _hops.Add(new Hop(subject, null, null, $"direct response {Json.Str(direct, "status") ?? "200"}"));
            return;
        }
        if (Json.Obj(route, "redirect") is { } redirect)
        {
            var target = $"{Json.Str(redirect, "authority") ?? state.Authority}{Json.Str(redirect, "uri") ?? state.Path}";
            _hops.Add(new Hop(subject, null, null, $"redirect {Json.Str(redirect, "redirectCode") ?? "301"} to {target}"));
            return;
        }

        var chosen = PickWeighted(Json.Arr(route, "route").OfType<JsonObject>().ToList(), subject);
        // Route-level header operations first, then the destination's: the most specific one wins.
        HeaderOperations.Apply(route["headers"], state.Headers);
        HeaderOperations.Apply(chosen["headers"], state.Headers);
        Mirror(route, vsNs, state);

        var destination = Json.Obj(chosen, "destination")
            ?? throw new RoutingFailure(subject, $"route in {vsNs}/{Json.Name(vs)} has no destination");
        var host = Json.Str(destination, "host") ?? "";
        var service = HostNames.AsService(host, vsNs)
            ?? throw new RoutingFailure(host, $"destination host {host} is not a Service");
        var port = Json.Num(destination, "port", "number") is { } p ? (long)p : (long?)null;
        Deliver(service, Json.Str(destination, "subset"), host, port, state, chain);
    }

    /// <summary>Weights are relative; a lone destination without a weight takes everything, otherwise absent = 0.</summary>
    private JsonObject PickWeighted(IReadOnlyList<JsonObject> destinations, string subject)
    {
        if (destinations.Count == 0) throw new RoutingFailure(subject, "route has no destination");
        if (destinations.Count == 1) return destinations[0];
        var weights = destinations.Select(d => Math.Max(0, Json.Num(d, "weight") ?? 0)).ToList();
        var total = weights.Sum();
        if (total <= 0) throw new RoutingFailure(subject, "every destination of the route has weight 0");
        var draw = random.NextDouble() * total;
        for (var i = 0; i < destinations.Count; i++)
        {
            if (draw < weights[i]) return destinations[i];
            draw -= weights[i];
        }
        return destinations[weights.FindLastIndex(w => w > 0)];
    }

    /// <summary>
    /// Shadow copies: mirror + mirrorPercentage, or mirrors[] each with its own percentage (absent = 100%).
    /// Envoy ignores the shadow's response, so a mirror that cannot be served is recorded, not raised.
    /// </summary>
    private void Mirror(JsonObject route, string vsNs, RequestState state)
    {
        var mirrors = new List<(JsonNode? Destination, double Percent)>();
        if (route["mirror"] is { } single) mirrors.Add((single, Json.Num(route, "mirrorPercentage", "value") ?? 100));
        foreach (var m in Json.Arr(route, "mirrors"))
            mirrors.Add((m["destination"], Json.Num(m, "percentage", "value") ?? 100));
        foreach (var (destination, percent) in mirrors)
        {
            if (!Chance(percent)) continue;
            var host = Json.Str(destination, "host") ?? "";
            try
            {
                var service = HostNames.AsService(host, vsNs)
                    ?? throw new RoutingFailure(host, $"destination host {host} is not a Service");
                var (hop, _) = _destinations.Pick(service, Json.Str(destination, "subset"), host, null, state);
                _mirrors.Add(hop with { Note = Hop.MirrorNote });
            }
            catch (RoutingFailure f)
            {
                _mirrors.Add(new Hop(f.Subject ?? host, null, null, $"{Hop.MirrorNote} failed: {f.Message}"));
            }
        }
    }

    /// <summary>The request reaches one pod; then the pod calls the Services it names (or its environment points at), each with the same headers.</summary>
    private void Deliver(ServiceRef service, string? subset, string hostAsWritten, long? port, RequestState state,
        IReadOnlyList<string> chain)
    {
        var (hop, pod) = _destinations.Pick(service, subset, hostAsWritten, port, state);
        var index = _hops.Count;
        _hops.Add(hop with { Caller = _caller });
        var outer = _caller;
        _caller = index;
        var (annotated, inferred) = CallGraph.Calls(pod, service, snap);
        var podNs = Json.Namespace(pod) is { Length: > 0 } n ? n : service.Namespace;
        var next = chain.Append(service.Name).ToList();
        foreach (var call in annotated)
        {
            var target = HostNames.AsService(call, podNs)
                ?? throw new RoutingFailure(call, $"{service.Name} calls {call}, which is not a Service name");
            Visit(target, state.CallFrom(call, podNs, Json.Map(pod, "metadata", "labels")), next);
        }
        foreach (var (target, authority) in inferred)
            Visit(target, state.CallFrom(authority, podNs, Json.Map(pod, "metadata", "labels")), next);
        _caller = outer;
    }

    private bool Chance(double percent) => percent >= 100 || random.NextDouble() * 100 < percent;
}
