using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// A cluster built from YAML for router tests. Like the real store it keeps one copy per group/kind and serves it
/// for every version of the group. For convenience each apps/v1 Deployment also yields its ready pods
/// (spec.replicas of them, labels, annotations and spec from the pod template), as the Deployment controller would.
/// </summary>
internal sealed class InMemoryClusterView : IClusterView
{
    private static readonly HashSet<string> ClusterScoped = ["ASMSwimLaneGroup", "ASMSwimLane", "Namespace"];
    private readonly List<JsonObject> _objects = [];
    private int _created;

    public static InMemoryClusterView FromYaml(params string[] documents)
    {
        var view = new InMemoryClusterView();
        foreach (var yaml in documents) view.Apply(yaml);
        return view;
    }

    /// <summary>Adds or replaces (by group/kind/namespace/name) every object in the YAML, keeping the old creation time.</summary>
    public InMemoryClusterView Apply(string yaml)
    {
        foreach (var node in YamlToJson.ParseAll(yaml))
        {
            var obj = (JsonObject)node;
            var meta = (JsonObject)obj["metadata"]!;
            if (!ClusterScoped.Contains(Kind(obj))) meta["namespace"] ??= "default";
            var old = _objects.FindIndex(o => SameObject(o, obj));
            meta["creationTimestamp"] ??= old >= 0
                ? _objects[old]["metadata"]!["creationTimestamp"]!.DeepClone()
                : $"2025-01-01T00:{_created / 60:00}:{_created++ % 60:00}Z";
            if (old >= 0) _objects[old] = obj; else _objects.Add(obj);
            if (Kind(obj) == "Deployment") ReplacePods(obj);
        }
        return this;
    }

    public InMemoryClusterView Delete(string kind, string name, string? ns = "default")
    {
        _objects.RemoveAll(o => Kind(o) == kind && Name(o) == name && (ns is null || Ns(o) == ns || Ns(o) is null));
        if (kind == "Deployment") _objects.RemoveAll(o => Kind(o) == "Pod" && Owner(o) == name && Ns(o) == ns);
        return this;
    }

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns) =>
        _objects.Where(o => Kind(o) == kind && Group((string)o["apiVersion"]!) == Group(apiVersion)
                && (ns is null || Ns(o) == ns))
            .Select(o => (JsonObject)o.DeepClone())
            .ToList();

    private void ReplacePods(JsonObject deployment)
    {
        var (name, ns) = (Name(deployment), Ns(deployment));
        _objects.RemoveAll(o => Kind(o) == "Pod" && Owner(o) == name && Ns(o) == ns);
        var template = deployment["spec"]!["template"]!["metadata"]!;
        var replicas = (int?)deployment["spec"]!["replicas"]?.GetValue<long>() ?? 1;
        for (var i = 0; i < replicas; i++)
            _objects.Add(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{name}-{i}",
                    ["namespace"] = ns,
                    ["labels"] = template["labels"]?.DeepClone(),
                    ["annotations"] = template["annotations"]?.DeepClone(),
                    ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = name }),
                },
                ["spec"] = deployment["spec"]!["template"]!["spec"]?.DeepClone(),
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                },
            });
    }

    private static bool SameObject(JsonObject a, JsonObject b) =>
        Kind(a) == Kind(b) && Group((string)a["apiVersion"]!) == Group((string)b["apiVersion"]!) && Name(a) == Name(b) && Ns(a) == Ns(b);

    private static string Group(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
    private static string Kind(JsonObject o) => (string)o["kind"]!;
    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;
    private static string? Ns(JsonObject o) => (string?)o["metadata"]!["namespace"];
    private static string? Owner(JsonObject o) => (string?)o["metadata"]!["ownerReferences"]?[0]?["name"];
}
