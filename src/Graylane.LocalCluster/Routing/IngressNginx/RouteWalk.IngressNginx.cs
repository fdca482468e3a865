using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// A request entering through the ingress-nginx controller that serves the named Ingress's class: the location chosen
/// as nginx does (see <see cref="IngressLocations"/>), then its canary or its own backend (see <see cref="CanaryDecision"/>).
/// No location is ingress-nginx's default backend: 404.
/// </summary>
internal sealed partial class RouteWalk
{
    private void EnterIngress(RouteRequest request, string ingress)
    {
        var (ns, name) = ingress.Contains('/') ? (ingress[..ingress.IndexOf('/')], ingress[(ingress.IndexOf('/') + 1)..]) : (request.Namespace, ingress);
        var locations = new IngressLocations(snap);
        var entry = locations.Find(ns, name) ?? throw new RoutingFailure($"ingress {ns}/{name}", $"Ingress {ns}/{name} not found");
        var ingressClass = IngressLocations.Class(entry);
        var subject = $"ingress {ingressClass ?? "(no class)"}";
        var state = RequestState.From(request, null, new Dictionary<string, string>());
        var main = locations.Choose(ingressClass, request.Host, state.Path)
            ?? throw new RoutingFailure(subject, $"404 no Ingress of class {ingressClass ?? "(none)"} has a rule for {request.Host}{state.Path} (default backend)");
        var chosen = main;
        if (locations.Canary(ingressClass, main) is { } canary && HasReadyEndpoints(canary) && CanaryDecision.ToCanary(canary.Ingress, state, random))
            chosen = canary;
        var backend = Json.Obj(chosen.Path, "backend", "service")
            ?? throw new RoutingFailure(subject, $"Ingress {Json.Namespace(chosen.Ingress)}/{Json.Name(chosen.Ingress)}: path {Json.Str(chosen.Path, "path")} has no Service backend");
        var service = new ServiceRef(Json.Namespace(chosen.Ingress), Json.Str(backend, "name") ?? "");
        var port = Json.Num(backend, "port", "number") is { } p ? (long)p : (long?)null;
        _ingress = new IngressEntry(Json.Namespace(main.Ingress), Json.Name(main.Ingress), Json.Str(main.Path, "backend", "service", "name") ?? "",
            Json.Str(main.Path, "path") ?? "/", ReferenceEquals(chosen, main) ? "" : Upstream(chosen), ingressClass);
        Deliver(service, null, service.Name, port, state, []);
    }

    /// <summary>ingress-nginx names an upstream &lt;namespace&gt;-&lt;service&gt;-&lt;port number or name&gt;.</summary>
    private static string Upstream(IngressLocations.Location location) =>
        $"{Json.Namespace(location.Ingress)}-{Json.Str(location.Path, "backend", "service", "name")}-" +
        (Json.Str(location.Path, "backend", "service", "port", "number") ?? Json.Str(location.Path, "backend", "service", "port", "name") ?? "80");

    /// <summary>ingress-nginx drops a backend without endpoints from its balancers, so its canary takes no traffic.</summary>
    private bool HasReadyEndpoints(IngressLocations.Location canary)
    {
        var name = Json.Str(canary.Path, "backend", "service", "name") ?? "";
        var svc = snap.Service(new ServiceRef(Json.Namespace(canary.Ingress), name));
        var selector = Json.Map(svc, "spec", "selector");
        return selector.Count > 0 && snap.Pods(Json.Namespace(canary.Ingress)).Any(p => PodReadiness.IsReady(p) && PodReadiness.HasLabels(p, selector));
    }
}
