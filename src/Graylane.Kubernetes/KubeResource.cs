namespace Graylane.Kubernetes;

/// <summary>A kind Graylane reads or writes: where it lives in the REST API.</summary>
public sealed record KubeResource(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployments.apps": the name RBAC and kubectl use.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool IsBuiltIn => Group is "" or "apps" or "coordination.k8s.io";

    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced ? $"{root}/namespaces/{Uri.EscapeDataString(ns ?? "default")}/{Plural}" : $"{root}/{Plural}";
    }

    public string ItemPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";

    public static readonly KubeResource Namespaces = new("", "v1", "Namespace", "namespaces", Namespaced: false);
    public static readonly KubeResource Deployments = new("apps", "v1", "Deployment", "deployments");
    public static readonly KubeResource Services = new("", "v1", "Service", "services");
    public static readonly KubeResource ConfigMaps = new("", "v1", "ConfigMap", "configmaps");
    public static readonly KubeResource Pods = new("", "v1", "Pod", "pods");
    public static readonly KubeResource Events = new("", "v1", "Event", "events");
    public static readonly KubeResource Leases = new("coordination.k8s.io", "v1", "Lease", "leases");
    public static readonly KubeResource VirtualServices = new("networking.istio.io", "v1", "VirtualService", "virtualservices");
    public static readonly KubeResource DestinationRules = new("networking.istio.io", "v1", "DestinationRule", "destinationrules");

    public static readonly KubeResource AsmSwimLaneGroups = new("istio.alibabacloud.com", "v1", "ASMSwimLaneGroup", "asmswimlanegroups", Namespaced: false);
    public static readonly KubeResource AsmSwimLanes = new("istio.alibabacloud.com", "v1", "ASMSwimLane", "asmswimlanes", Namespaced: false);

    private static readonly KubeResource[] Known = [Namespaces, Deployments, Services, ConfigMaps, Pods, Events, Leases, VirtualServices, DestinationRules, AsmSwimLaneGroups, AsmSwimLanes];

    /// <summary>The resource for a kind Graylane knows (for snapshots, which record apiVersion and kind).</summary>
    public static KubeResource ForKind(string apiVersion, string kind) =>
        Known.FirstOrDefault(k => k.Kind == kind && k.ApiVersion == apiVersion)
        ?? Known.FirstOrDefault(k => k.Kind == kind && k.Group == (apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : ""))
        ?? throw new InvalidOperationException($"unknown kind {apiVersion}/{kind}");
}
