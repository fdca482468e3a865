using System.Text.Json.Nodes;

namespace Graylane.Bench;

/// <summary>
/// What a pipeline script does with `kubectl get deploy -o json | jq …`: the same Deployment under a new name,
/// with the new image and version label, server-set fields dropped, ready for `kubectl apply -f -`.
/// </summary>
public static class DeploymentClone
{
    public static string Make(string deploymentJson, string name, string version, string image)
    {
        var d = JsonNode.Parse(deploymentJson)!.AsObject();
        d.Remove("status");
        var meta = d["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "annotations", "ownerReferences" })
            meta.Remove(field);
        meta["name"] = name;
        meta["labels"]!["version"] = version;
        d["spec"]!["selector"]!["matchLabels"]!["version"] = version;
        d["spec"]!["template"]!["metadata"]!["labels"]!["version"] = version;
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return d.ToJsonString();
    }
}
