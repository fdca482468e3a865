using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning;

/// <summary>
/// Explains why pods are not ready from their status and Events — image pull failures, crash loops,
/// unschedulable pods — so a failed deploy says what to fix instead of "timed out".
/// </summary>
public static class FailureDiagnosis
{
    public static IReadOnlyList<string> Explain(IReadOnlyList<JsonObject> pods, IReadOnlyList<JsonObject> events)
    {
        var reasons = new List<string>();
        foreach (var pod in pods)
        {
            var podName = Obj.Name(pod);
            foreach (var cs in Obj.Objects(pod["status"]?["containerStatuses"]))
            {
                var waiting = cs["state"]?["waiting"];
                var reason = (string?)waiting?["reason"];
                if (reason is null or "ContainerCreating" or "PodInitializing") continue;
                var message = (string?)waiting?["message"];
                var restarts = Obj.Int(cs["restartCount"]) ?? 0;
                var exit = cs["lastState"]?["terminated"]?["exitCode"];
                reasons.Add(reason switch
                {
                    "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" =>
                        $"pod {podName}: container {(string?)cs["name"]} cannot pull image {(string?)cs["image"]} ({reason}){Suffix(message)}",
                    "CrashLoopBackOff" =>
                        $"pod {podName}: container {(string?)cs["name"]} keeps crashing (CrashLoopBackOff, {restarts} restarts{(exit is null ? "" : $", last exit code {exit}")}); see its logs",
                    _ => $"pod {podName}: container {(string?)cs["name"]} is waiting: {reason}{Suffix(message)}",
                });
            }
            var scheduled = Obj.Objects(pod["status"]?["conditions"]).FirstOrDefault(c => (string?)c["type"] == "PodScheduled");
            if (scheduled is not null && (string?)scheduled["status"] == "False")
                reasons.Add($"pod {podName} cannot be scheduled ({(string?)scheduled["reason"]}){Suffix((string?)scheduled["message"])}");
        }

        // Warning Events add the detail the status lacks (e.g. the registry's answer), once per reason.
        var podNames = pods.Select(Obj.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ev in events
                     .Where(e => (string?)e["type"] == "Warning" && podNames.Contains((string?)e["involvedObject"]?["name"] ?? ""))
                     .GroupBy(e => ((string?)e["reason"], (string?)e["message"]))
                     .Select(g => g.First())
                     .Take(5))
            reasons.Add($"event {(string?)ev["reason"]} on pod {(string?)ev["involvedObject"]?["name"]}: {(string?)ev["message"]}");

        if (reasons.Count == 0 && pods.Count == 0) reasons.Add("no pods were created (check the ReplicaSet's events and quotas)");
        return reasons.Distinct().ToList();
    }

    private static string Suffix(string? message) => string.IsNullOrEmpty(message) ? "" : $": {message}";
}
