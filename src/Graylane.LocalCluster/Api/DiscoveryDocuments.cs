using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// The plain (non-aggregated) discovery documents: /version, /api, /apis, /apis/g, /api/v1, /apis/g/v.
/// kubectl asks for aggregated discovery first (AggregatedDiscovery); other clients read these.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "36",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "36",
        ["gitVersion"] = "v1.36.0-graylane-local",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.25.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Resources.GroupOrder.Sort(registry.Groups.Where(g => g.Length > 0)).Select(g => (JsonNode)Group(registry, g)).ToArray()),
    };

    public static JsonObject? GroupOrNull(ResourceRegistry registry, string group) =>
        registry.VersionsOf(group).Count == 0 ? null : Group(registry, group);

    private static JsonObject Group(ResourceRegistry registry, string group)
    {
        var versions = registry.VersionsOf(group);
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
            ["preferredVersion"] = GroupVersion(group, versions[0]),
        };
    }

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    public static JsonObject? ResourceListOrNull(ResourceRegistry registry, string group, string version)
    {
        var served = registry.All.Where(r => r.Group == group && r.Version == version).ToList();
        if (served.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var r in served)
        {
            var main = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray(r.ServedVerbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (r.ShortNames.Count > 0) main["shortNames"] = new JsonArray(r.ShortNames.Select(s => (JsonNode)s).ToArray());
            if (r.Categories.Count > 0) main["categories"] = new JsonArray(r.Categories.Select(s => (JsonNode)s).ToArray());
            main["storageVersionHash"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes($"{r.Group}/{r.Type.Version}/{r.Kind}")))[..11];
            resources.Add(main);
            if (r.HasStatus) resources.Add(Sub(r, "status", r.Kind, null));
            if (r.HasScale) resources.Add(Sub(r, "scale", "Scale", "autoscaling"));
            if (r.Group.Length == 0 && r.Plural == "serviceaccounts")
            {
                var token = Sub(r, "token", "TokenRequest", "authentication.k8s.io");
                token["verbs"] = new JsonArray("create");
                resources.Add(token);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = r0(served[0]),
            ["resources"] = resources,
        };

        static string r0(ServedResource r) => r.ApiVersion;
    }

    private static JsonObject Sub(ServedResource r, string sub, string kind, string? group)
    {
        var o = new JsonObject
        {
            ["name"] = $"{r.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = r.Namespaced,
        };
        if (group is not null)
        {
            o["group"] = group;
            o["version"] = "v1";
        }
        o["kind"] = kind;
        o["verbs"] = new JsonArray("get", "patch", "update");
        return o;
    }
}
