using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning;

/// <summary>How the baseline's pods are told apart from the gray's, and the version name the release gives the baseline.</summary>
/// <param name="Version">The version label's value, or the pod-template-hash when the pods carry no version label.</param>
/// <param name="Selector">Labels selecting exactly the baseline's pods.</param>
public sealed record BaselineIdentity(string Version, Dictionary<string, string> Selector)
{
    public bool ByTemplateHash => Selector.ContainsKey(BaselinePods.TemplateHashLabel);
}

/// <summary>
/// Identifies the baseline's pods without relabelling or restarting them. Pods with a version label are selected by it;
/// pods without one (an app labelled app: web only) by the pod-template-hash the Deployment controller put on the
/// ReplicaSet of the Deployment's current template — as Argo Rollouts pins by rollouts-pod-template-hash. Pure.
/// </summary>
public static class BaselinePods
{
    public const string TemplateHashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>By the version label of the pod template; null when the pods carry none.</summary>
    public static BaselineIdentity? ByVersionLabel(JsonObject deployment, string versionLabel) =>
        TemplateLabels(deployment).TryGetValue(versionLabel, out var version) && version.Length > 0
            ? new BaselineIdentity(version, new Dictionary<string, string>(StringComparer.Ordinal) { [versionLabel] = version })
            : null;

    /// <summary>
    /// By the pod-template-hash of the ReplicaSet the Deployment owns whose template is the Deployment's current one.
    /// Refused while a rollout is under way (pods of another template still run): the baseline's pods are not one set yet.
    /// </summary>
    public static BaselineIdentity ByTemplateHash(JsonObject deployment, IEnumerable<JsonObject> replicaSets, string versionLabel)
    {
        var name = Obj.Name(deployment);
        var uid = (string?)deployment["metadata"]?["uid"];
        var owned = replicaSets.Where(rs => Obj.Objects(rs["metadata"]?["ownerReferences"])
            .Any(o => (string?)o["kind"] == "Deployment" && ((string?)o["uid"] == uid || (uid is null && (string?)o["name"] == name)))).ToList();
        var template = deployment["spec"]?["template"];
        // The template decides, as in the Deployment controller; the revision annotation settles templates a server defaulted differently.
        var revision = Obj.Annotation(deployment, RevisionAnnotation);
        var current = owned.FirstOrDefault(rs => SameTemplate(rs["spec"]?["template"], template))
            ?? (revision is null ? null : owned.FirstOrDefault(rs => Obj.Annotation(rs, RevisionAnnotation) == revision));
        var hash = current is null ? null : Obj.Labels(current).GetValueOrDefault(TemplateHashLabel)
            ?? (string?)current["spec"]?["selector"]?["matchLabels"]?[TemplateHashLabel];
        if (current is null || string.IsNullOrEmpty(hash))
            throw new ReleaseConflictException(
                $"Deployment {name}'s pods carry no \"{versionLabel}\" label, and it has no ReplicaSet with a {TemplateHashLabel} for its current template yet " +
                "(is its first rollout still starting?); wait until it is rolled out and run deploy-gray again");
        var others = owned.Where(rs => rs != current && (Obj.Int(rs["status"]?["replicas"]) ?? Obj.Int(rs["spec"]?["replicas"]) ?? 0) > 0).ToList();
        if (others.Count > 0)
            throw new ReleaseConflictException(
                $"Deployment {name} is still rolling out: ReplicaSet {string.Join(", ", others.Select(Obj.Name))} of an earlier template still has pods; " +
                "wait until the rollout finishes (kubectl rollout status) and run deploy-gray again");
        return new BaselineIdentity(hash, new Dictionary<string, string>(StringComparer.Ordinal) { [TemplateHashLabel] = hash });
    }

    public static Dictionary<string, string> TemplateLabels(JsonObject deployment) =>
        Obj.StringMap(deployment["spec"]?["template"]?["metadata"]?["labels"]);

    /// <summary>A ReplicaSet's template is its Deployment's plus the pod-template-hash label.</summary>
    private static bool SameTemplate(JsonNode? rsTemplate, JsonNode? template)
    {
        if (rsTemplate is not JsonObject rs || template is not JsonObject d) return false;
        var copy = Obj.Clone(rs);
        if (copy["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(TemplateHashLabel);
            if (labels.Count == 0 && d["metadata"]?["labels"] is null) ((JsonObject)copy["metadata"]!).Remove("labels");
        }
        return JsonNode.DeepEquals(copy, d);
    }
}
