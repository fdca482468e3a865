namespace Graylane.Core.Manifests;

/// <summary>
/// The built-in kinds manifests usually hold (kustomize and helm output), so most releases need no discovery call.
/// Kinds not listed here (custom resources) are looked up in the cluster's discovery documents when applied.
/// </summary>
public static class ManifestKinds
{
    private static readonly KindInfo[] Known =
    [
        new("", "v1", "ConfigMap", "configmaps"),
        new("", "v1", "Secret", "secrets"),
        new("", "v1", "Service", "services"),
        new("", "v1", "ServiceAccount", "serviceaccounts"),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
        new("", "v1", "LimitRange", "limitranges"),
        new("", "v1", "ResourceQuota", "resourcequotas"),
        new("", "v1", "Pod", "pods"),
        new("", "v1", "Namespace", "namespaces", Namespaced: false),
        new("", "v1", "PersistentVolume", "persistentvolumes", Namespaced: false),
        new("apps", "v1", "Deployment", "deployments"),
        new("apps", "v1", "StatefulSet", "statefulsets"),
        new("apps", "v1", "DaemonSet", "daemonsets"),
        new("batch", "v1", "Job", "jobs"),
        new("batch", "v1", "CronJob", "cronjobs"),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"),
        new("networking.k8s.io", "v1", "Ingress", "ingresses"),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
        new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", Namespaced: false),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles"),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", Namespaced: false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false),
        new("storage.k8s.io", "v1", "StorageClass", "storageclasses", Namespaced: false),
        new("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", Namespaced: false),
        new("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", Namespaced: false),
        new("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", Namespaced: false),
        new("networking.istio.io", "v1", "VirtualService", "virtualservices"),
        new("networking.istio.io", "v1", "DestinationRule", "destinationrules"),
        new("networking.istio.io", "v1", "Gateway", "gateways"),
    ];

    /// <summary>The kind's API facts when it is a known kind of the given group (any version); null otherwise.</summary>
    public static KindInfo? Find(string group, string kind) => Known.FirstOrDefault(k => k.Group == group && k.Kind == kind);

    /// <summary>False only for kinds known to be cluster-scoped.</summary>
    public static bool IsNamespaced(string group, string kind) => Find(group, kind)?.Namespaced ?? true;
}
