namespace Graylane.LocalCluster.Tables;

/// <summary>Which printer a built-in kind uses (by API group and plural, whatever the served version).</summary>
internal static class PrinterCatalog
{
    private static readonly Dictionary<(string Group, string Plural), ObjectPrinter> BuiltIn = new()
    {
        [("", "pods")] = WorkloadPrinters.Pods(),
        [("apps", "deployments")] = WorkloadPrinters.Deployments(),
        [("apps", "replicasets")] = WorkloadPrinters.ReplicaSets(),
        [("apps", "statefulsets")] = WorkloadPrinters.StatefulSets(),
        [("apps", "daemonsets")] = WorkloadPrinters.DaemonSets(),
        [("batch", "jobs")] = WorkloadPrinters.Jobs(),
        [("batch", "cronjobs")] = WorkloadPrinters.CronJobs(),
        [("", "services")] = CorePrinters.Services(),
        [("", "endpoints")] = CorePrinters.Endpoints(),
        [("", "configmaps")] = CorePrinters.ConfigMaps(),
        [("", "secrets")] = CorePrinters.Secrets(),
        [("", "namespaces")] = CorePrinters.Namespaces(),
        [("", "serviceaccounts")] = CorePrinters.ServiceAccounts(),
        [("", "events")] = CorePrinters.Events(),
        [("coordination.k8s.io", "leases")] = CorePrinters.Leases(),
        [("autoscaling", "horizontalpodautoscalers")] = PolicyPrinters.HorizontalPodAutoscalers(),
        [("networking.k8s.io", "ingresses")] = PolicyPrinters.Ingresses(),
        [("networking.k8s.io", "networkpolicies")] = PolicyPrinters.NetworkPolicies(),
        [("policy", "poddisruptionbudgets")] = PolicyPrinters.PodDisruptionBudgets(),
        [("rbac.authorization.k8s.io", "rolebindings")] = PolicyPrinters.Bindings("roleBinding"),
        [("rbac.authorization.k8s.io", "clusterrolebindings")] = PolicyPrinters.Bindings("clusterRoleBinding"),
    };

    private static readonly ObjectPrinter Fallback = PolicyPrinters.Default();

    public static ObjectPrinter ForBuiltIn(string group, string plural) => BuiltIn.GetValueOrDefault((group, plural)) ?? Fallback;
}
