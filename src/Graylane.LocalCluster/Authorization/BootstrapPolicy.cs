using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Authorization;

/// <summary>
/// The default roles every RBAC cluster has and that clients rely on: cluster-admin (system:masters), system:discovery
/// and system:public-info-viewer (discovery, OpenAPI, health and version stay readable for everyone authenticated), and
/// system:basic-user (`kubectl auth can-i` and `kubectl auth whoami`).
/// </summary>
internal static class BootstrapPolicy
{
    public static IEnumerable<(Storage.ResourceType Type, JsonObject Object)> Objects()
    {
        yield return Role("cluster-admin",
            Rule(["*"], apiGroups: ["*"], resources: ["*"]),
            NonResource(["*"], "*"));
        yield return Binding("cluster-admin", "cluster-admin", "system:masters");
        yield return Role("system:discovery",
            NonResource(["get"], "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"));
        yield return Binding("system:discovery", "system:discovery", "system:authenticated");
        yield return Role("system:public-info-viewer",
            NonResource(["get"], "/healthz", "/livez", "/readyz", "/version", "/version/"));
        yield return Binding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated");
        yield return Role("system:basic-user",
            Rule(["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]));
        yield return Binding("system:basic-user", "system:basic-user", "system:authenticated");
    }

    private static (Storage.ResourceType, JsonObject) Role(string name, params JsonObject[] rules) => (RbacTypes.ClusterRoles, new JsonObject
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Meta(name),
        ["rules"] = new JsonArray(rules.Select(r => (JsonNode)r).ToArray()),
    });

    private static (Storage.ResourceType, JsonObject) Binding(string name, string role, params string[] groups) => (RbacTypes.ClusterRoleBindings, new JsonObject
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Meta(name),
        ["roleRef"] = new JsonObject { ["apiGroup"] = RbacTypes.Group, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject
        {
            ["apiGroup"] = RbacTypes.Group, ["kind"] = "Group", ["name"] = g,
        }).ToArray()),
    });

    private static JsonObject Meta(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static JsonObject Rule(string[] verbs, string[] apiGroups, string[] resources) => new()
    {
        ["apiGroups"] = Strings(apiGroups), ["resources"] = Strings(resources), ["verbs"] = Strings(verbs),
    };

    private static JsonObject NonResource(string[] verbs, params string[] urls) => new()
    {
        ["nonResourceURLs"] = Strings(urls), ["verbs"] = Strings(verbs),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
