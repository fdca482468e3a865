namespace Graylane.Kubernetes;

/// <summary>A kind Graylane reads or writes: where it lives in the REST API.</summary>
public sealed record KubeResource(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployments.apps": the name RBAC and kubectl use.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool IsBuiltIn => Group is "" or "apps" or "coordination.k8s.io" or "autoscaling" or "policy" or "batch" or "networking.k8s.io" or "rbac.authorization.k8s.io";

    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced ? $"{root}/namespaces/{Uri.EscapeDataString(ns ?? "default")}/{Plural}" : $"{root}/{Plural}";
    }

    public string ItemPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";

    public static readonly KubeResource Namespaces = new("", "v1", "Namespace", "namespaces", Namespaced: false);
    public static readonly KubeResource Deployments = new("apps", "v1", "Deployment", "deployments");
    public static readonly KubeResource ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets");
    public static readonly KubeResource Ingresses = new("networking.k8s.io", "v1", "Ingress", "ingresses");
    public static readonly KubeResource Services = new("", "v1", "Service", "services");
    public static readonly KubeResource ConfigMaps = new("", "v1", "ConfigMap", "configmaps");
    public static readonly KubeResource Secrets = new("", "v1", "Secret", "secrets");
    public static readonly KubeResource HorizontalPodAutoscalers = new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers");
    public static readonly KubeResource Pods = new("", "v1", "Pod", "pods");
    public static readonly KubeResource Events = new("", "v1", "Event", "events");
    public static readonly KubeResource Leases = new("coordination.k8s.io", "v1", "Lease", "leases");
    public static readonly KubeResource VirtualServices = new("networking.istio.io", "v1", "VirtualService", "virtualservices");
    public static readonly KubeResource DestinationRules = new("networking.istio.io", "v1", "DestinationRule", "destinationrules");

    public static readonly KubeResource AsmSwimLaneGroups = new("istio.alibabacloud.com", "v1", "ASMSwimLaneGroup", "asmswimlanegroups", Namespaced: false);
    public static readonly KubeResource AsmSwimLanes = new("istio.alibabacloud.com", "v1", "ASMSwimLane", "asmswimlanes", Namespaced: false);

    public static readonly KubeResource HttpRoutes = new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");
    public static readonly KubeResource ApiGateways = new("gateway.networking.k8s.io", "v1", "Gateway", "gateways");

    private static readonly KubeResource[] Known = [Namespaces, Deployments, Services, ConfigMaps, Secrets, HorizontalPodAutoscalers, Pods, Events, Leases, VirtualServices, DestinationRules, AsmSwimLaneGroups, AsmSwimLanes, HttpRoutes, ApiGateways, Ingresses];

    /// <summary>
    /// The resource for a kind (for snapshots, which record apiVersion and kind): Graylane's own kinds, then the built-in
    /// kinds manifests hold (at the manifest's version), then a custom kind by the plural convention (lower case + "s").
    /// </summary>
    public static KubeResource ForKind(string apiVersion, string kind)
    {
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
        return Known.FirstOrDefault(k => k.Kind == kind && k.ApiVersion == apiVersion)
            ?? (Core.Manifests.ManifestKinds.Find(group, kind) is { } info ? new KubeResource(group, version, kind, info.Plural, info.Namespaced) : null)
            ?? Known.FirstOrDefault(k => k.Kind == kind && k.Group == group)
            ?? new KubeResource(group, version, kind, PluralOf(kind));
    }

    private static string PluralOf(string kind)
    {
        var lower = kind.ToLowerInvariant();
        return lower.EndsWith('s') || lower.EndsWith('x') ? lower + "es" : lower.EndsWith('y') && !lower.EndsWith("ay") && !lower.EndsWith("ey") ? lower[..^1] + "ies" : lower + "s";
    }
}
