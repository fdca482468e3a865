namespace Graylane.LocalCluster.Resources;

/// <summary>
/// Short names and categories of the built-in resources as a real 1.36 API server lists them in discovery. The swagger
/// does not carry them (they live in each kind's REST storage), so this is the one hand-kept table; a resource that is
/// not here has neither, as upstream.
/// </summary>
internal static class BuiltInNames
{
    private static readonly string[] All = ["all"];
    private static readonly string[] ApiExtensions = ["api-extensions"];

    private static readonly Dictionary<(string Group, string Plural), (string[] ShortNames, string[] Categories)> Table = new()
    {
        [("", "componentstatuses")] = (["cs"], []),
        [("", "configmaps")] = (["cm"], []),
        [("", "endpoints")] = (["ep"], []),
        [("", "events")] = (["ev"], []),
        [("", "limitranges")] = (["limits"], []),
        [("", "namespaces")] = (["ns"], []),
        [("", "nodes")] = (["no"], []),
        [("", "persistentvolumeclaims")] = (["pvc"], []),
        [("", "persistentvolumes")] = (["pv"], []),
        [("", "pods")] = (["po"], All),
        [("", "replicationcontrollers")] = (["rc"], All),
        [("", "resourcequotas")] = (["quota"], []),
        [("", "serviceaccounts")] = (["sa"], []),
        [("", "services")] = (["svc"], All),
        [("admissionregistration.k8s.io", "mutatingadmissionpolicies")] = ([], ApiExtensions),
        [("admissionregistration.k8s.io", "mutatingadmissionpolicybindings")] = ([], ApiExtensions),
        [("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = ([], ApiExtensions),
        [("admissionregistration.k8s.io", "validatingadmissionpolicies")] = ([], ApiExtensions),
        [("admissionregistration.k8s.io", "validatingadmissionpolicybindings")] = ([], ApiExtensions),
        [("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = ([], ApiExtensions),
        [("apiextensions.k8s.io", "customresourcedefinitions")] = (["crd", "crds"], ApiExtensions),
        [("apiregistration.k8s.io", "apiservices")] = ([], ApiExtensions),
        [("apps", "daemonsets")] = (["ds"], All),
        [("apps", "deployments")] = (["deploy"], All),
        [("apps", "replicasets")] = (["rs"], All),
        [("apps", "statefulsets")] = (["sts"], All),
        [("autoscaling", "horizontalpodautoscalers")] = (["hpa"], All),
        [("batch", "cronjobs")] = (["cj"], All),
        [("batch", "jobs")] = ([], All),
        [("certificates.k8s.io", "certificatesigningrequests")] = (["csr"], []),
        [("events.k8s.io", "events")] = (["ev"], []),
        [("networking.k8s.io", "ingresses")] = (["ing"], []),
        [("networking.k8s.io", "ipaddresses")] = (["ip"], []),
        [("networking.k8s.io", "networkpolicies")] = (["netpol"], []),
        [("policy", "poddisruptionbudgets")] = (["pdb"], []),
        [("scheduling.k8s.io", "priorityclasses")] = (["pc"], []),
        [("storage.k8s.io", "storageclasses")] = (["sc"], []),
        [("storage.k8s.io", "volumeattributesclasses")] = (["vac"], []),
    };

    public static (IReadOnlyList<string> ShortNames, IReadOnlyList<string> Categories) For(string group, string plural) =>
        Table.TryGetValue((group, plural), out var names) ? names : ([], []);
}
