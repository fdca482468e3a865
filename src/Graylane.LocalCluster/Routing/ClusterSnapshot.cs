using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// The objects one routing run reads, each kind listed once (RouteMany reuses one snapshot for all requests).
/// Istio kinds are read in every served version and de-duplicated, newest version first.
/// </summary>
internal sealed class ClusterSnapshot(IClusterView view)
{
    private static readonly string[] IstioVersions =
        ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"];
    private const string AsmVersion = "istio.alibabacloud.com/v1";
    private const string GatewayApiVersion = "gateway.networking.k8s.io/v1";

    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _configMaps = new(StringComparer.Ordinal);
    private IReadOnlyList<JsonObject>? _virtualServices, _destinationRules, _gateways, _laneGroups, _lanes;
    private IReadOnlyList<JsonObject>? _apiGateways, _httpRoutes, _referenceGrants, _namespaces, _ingresses;

    /// <summary>Which ready endpoint takes the next request, across the requests sent against this snapshot.</summary>
    public EndpointRotation Endpoints { get; } = new();

    public JsonObject? Service(ServiceRef s)
    {
        if (!_services.TryGetValue(s.Namespace, out var list))
            _services[s.Namespace] = list = view.List("v1", "Service", s.Namespace);
        return list.FirstOrDefault(o => Json.Name(o) == s.Name);
    }

    public JsonObject? ConfigMap(string ns, string name)
    {
        if (!_configMaps.TryGetValue(ns, out var list))
            _configMaps[ns] = list = view.List("v1", "ConfigMap", ns);
        return list.FirstOrDefault(o => Json.Name(o) == name);
    }

    public IReadOnlyList<JsonObject> Pods(string ns)
    {
        if (!_pods.TryGetValue(ns, out var list))
            _pods[ns] = list = view.List("v1", "Pod", ns)
                .OrderBy(Json.Name, StringComparer.Ordinal).ToList(); // a stable order keeps seeded runs repeatable
        return list;
    }

    public IReadOnlyList<JsonObject> VirtualServices => _virtualServices ??= Istio("VirtualService");
    public IReadOnlyList<JsonObject> DestinationRules => _destinationRules ??= Istio("DestinationRule");
    public IReadOnlyList<JsonObject> Gateways => _gateways ??= Istio("Gateway");
    public IReadOnlyList<JsonObject> LaneGroups => _laneGroups ??= Oldest(view.List(AsmVersion, "ASMSwimLaneGroup", null));
    public IReadOnlyList<JsonObject> Lanes => _lanes ??= Oldest(view.List(AsmVersion, "ASMSwimLane", null));

    /// <summary>Gateway API Gateways (gateway.networking.k8s.io), oldest first.</summary>
    public IReadOnlyList<JsonObject> ApiGateways => _apiGateways ??= Oldest(view.List(GatewayApiVersion, "Gateway", null));
    public IReadOnlyList<JsonObject> HttpRoutes => _httpRoutes ??= Oldest(view.List(GatewayApiVersion, "HTTPRoute", null));
    public IReadOnlyList<JsonObject> ReferenceGrants => _referenceGrants ??= Oldest(view.List(GatewayApiVersion, "ReferenceGrant", null));
    public IReadOnlyList<JsonObject> Namespaces => _namespaces ??= view.List("v1", "Namespace", null);
    public IReadOnlyList<JsonObject> Ingresses => _ingresses ??= Oldest(view.List("networking.k8s.io/v1", "Ingress", null));

    private IReadOnlyList<JsonObject> Istio(string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<JsonObject>();
        foreach (var version in IstioVersions)
            foreach (var o in view.List(version, kind, null))
                if (seen.Add(Json.Namespace(o) + "/" + Json.Name(o)))
                    all.Add(o);
        return Oldest(all);
    }

    /// <summary>Istio resolves conflicting configuration in favour of the oldest object (then by namespace/name).</summary>
    private static IReadOnlyList<JsonObject> Oldest(IEnumerable<JsonObject> objects) =>
        objects.OrderBy(o => Json.Str(o, "metadata", "creationTimestamp") ?? "", StringComparer.Ordinal)
            .ThenBy(o => Json.Namespace(o), StringComparer.Ordinal)
            .ThenBy(Json.Name, StringComparer.Ordinal)
            .ToList();
}
