namespace Graylane.LocalCluster.Storage;

/// <summary>
/// The built-in kinds the local cluster's own code names (controllers, seeding). Every built-in kind of the swagger is
/// served (Resources.BuiltInCatalog); these records equal the catalog's.
/// </summary>
public static class BuiltInTypes
{
    public static readonly ResourceType Namespaces = new("", "v1", "Namespace", "namespaces", false);
    public static readonly ResourceType Pods = new("", "v1", "Pod", "pods", true);
    public static readonly ResourceType Services = new("", "v1", "Service", "services", true);
    public static readonly ResourceType Endpoints = new("", "v1", "Endpoints", "endpoints", true);
    public static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps", true);
    public static readonly ResourceType Secrets = new("", "v1", "Secret", "secrets", true);
    public static readonly ResourceType Events = new("", "v1", "Event", "events", true);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", true);
    public static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", true);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", true);
    public static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "Lease", "leases", true);
    public static readonly ResourceType CustomResourceDefinitions =
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Pods, Services, Endpoints, ConfigMaps, Secrets, Events, ServiceAccounts,
        Deployments, ReplicaSets, EndpointSlices, Leases, CustomResourceDefinitions,
    ];
}
