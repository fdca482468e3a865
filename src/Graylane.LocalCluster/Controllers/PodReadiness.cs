using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>Readiness and availability of pods, as the ReplicaSet and Endpoints controllers judge them.</summary>
internal static class PodReadiness
{
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod) is { } c && (string?)c["status"] == "True";

    /// <summary>Ready for at least minReadySeconds (by the Ready condition's lastTransitionTime).</summary>
    public static bool IsAvailable(JsonObject pod, int minReadySeconds, DateTimeOffset now) =>
        IsReady(pod) && (minReadySeconds <= 0 || ReadySince(pod) is not { } since || since.AddSeconds(minReadySeconds) <= now);

    /// <summary>When a ready pod will count as available, if that is still in the future.</summary>
    public static DateTimeOffset? AvailableAt(JsonObject pod, int minReadySeconds, DateTimeOffset now) =>
        IsReady(pod) && minReadySeconds > 0 && ReadySince(pod) is { } since && since.AddSeconds(minReadySeconds) > now
            ? since.AddSeconds(minReadySeconds)
            : null;

    public static bool IsTerminal(JsonObject pod) => (string?)pod["status"]?["phase"] is "Succeeded" or "Failed";

    private static DateTimeOffset? ReadySince(JsonObject pod) => Json.ParseTimestamp(ReadyCondition(pod)?["lastTransitionTime"]);

    private static JsonObject? ReadyCondition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
}
