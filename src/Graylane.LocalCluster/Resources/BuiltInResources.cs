using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Resources;

/// <summary>Discovery facts of the built-in kinds (short names, categories, subresources) as a real 1.3x server has them.</summary>
internal static class BuiltInResources
{
    public static IEnumerable<ServedResource> All()
    {
        yield return Make(BuiltInTypes.Namespaces, "namespace", ["ns"], status: true);
        yield return Make(BuiltInTypes.Pods, "pod", ["po"], ["all"], status: true);
        yield return Make(BuiltInTypes.Services, "service", ["svc"], ["all"], status: true);
        yield return Make(BuiltInTypes.Endpoints, "endpoints", ["ep"]);
        yield return Make(BuiltInTypes.ConfigMaps, "configmap", ["cm"]);
        yield return Make(BuiltInTypes.Secrets, "secret", []);
        yield return Make(BuiltInTypes.Events, "event", ["ev"]);
        yield return Make(BuiltInTypes.ServiceAccounts, "serviceaccount", ["sa"]);
        yield return Make(BuiltInTypes.Deployments, "deployment", ["deploy"], ["all"], status: true, scale: true);
        yield return Make(BuiltInTypes.ReplicaSets, "replicaset", ["rs"], ["all"], status: true, scale: true);
        yield return Make(BuiltInTypes.Leases, "lease", []);
        yield return Make(BuiltInTypes.CustomResourceDefinitions, "customresourcedefinition", ["crd", "crds"], ["api-extensions"], status: true);
    }

    private static ServedResource Make(ResourceType type, string singular, string[] shortNames, string[]? categories = null,
        bool status = false, bool scale = false) =>
        new(type, type.Version, singular, shortNames, categories ?? [], status, scale, IsCustom: false, Schema: null);
}
