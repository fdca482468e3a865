using System.Text.Json.Nodes;

namespace Graylane.Core.Manifests;

/// <summary>What the planner needs from the cluster, read by the step beforehand (lists once, single objects by name).</summary>
/// <param name="Live">The live object of a manifest object's kind and name, or null when there is none.</param>
public sealed record ManifestLiveState(
    IReadOnlyList<JsonObject> Deployments,
    IReadOnlyList<JsonObject> Services,
    IReadOnlyList<JsonObject> Autoscalers,
    Func<ManifestObject, JsonObject?> Live);
