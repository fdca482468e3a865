using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Progressive;

/// <summary>
/// The built-in analysis of a progressive step, needing no configuration: every gray pod ready, no container restarted
/// since traffic moved, none in CrashLoopBackOff, none OOMKilled. Each finding names the pod, the container and the reason.
/// Pure: the pods come in as read.
/// </summary>
public static class PodHealth
{
    /// <summary>Each container's restart count, keyed "pod/container": taken when traffic moves, compared at the analysis.</summary>
    public static Dictionary<string, int> Restarts(IEnumerable<JsonObject> pods)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in Live(pods))
            foreach (var cs in Obj.Objects(pod["status"]?["containerStatuses"]))
                counts[$"{Obj.Name(pod)}/{(string?)cs["name"]}"] = Obj.Int(cs["restartCount"]) ?? 0;
        return counts;
    }

    /// <param name="pods">The gray workload's pods now.</param>
    /// <param name="restartsAtShift">Restart counts when traffic moved to this step (a pod started since counts from 0).</param>
    public static PodHealthResult Check(IReadOnlyList<JsonObject> pods, IReadOnlyDictionary<string, int> restartsAtShift)
    {
        var findings = new List<string>();
        var fatal = false;
        var live = Live(pods).ToList();
        if (live.Count == 0) return new([$"no gray pods are running"], Fatal: true);
        foreach (var pod in live)
        {
            var name = Obj.Name(pod);
            var podBad = false;
            foreach (var cs in Obj.Objects(pod["status"]?["containerStatuses"]))
            {
                var container = (string?)cs["name"];
                var restarts = Obj.Int(cs["restartCount"]) ?? 0;
                var before = restartsAtShift.TryGetValue($"{name}/{container}", out var b) ? b : 0;
                var waiting = (string?)cs["state"]?["waiting"]?["reason"];
                var lastEnd = cs["lastState"]?["terminated"] ?? cs["state"]?["terminated"];
                var lastReason = (string?)lastEnd?["reason"];
                var exit = Obj.Int(lastEnd?["exitCode"]);
                var lastText = lastReason is null ? "" : $"; last exit: {lastReason}{(exit is null ? "" : $", code {exit}")}";
                if (lastReason == "OOMKilled" && (restarts > before || cs["state"]?["terminated"] is not null))
                {
                    findings.Add($"pod {name}: container {container} was OOMKilled (out of memory; {restarts} restarts)");
                    fatal = podBad = true;
                }
                else if (waiting == "CrashLoopBackOff")
                {
                    findings.Add($"pod {name}: container {container} is in CrashLoopBackOff ({restarts} restarts{lastText})");
                    fatal = podBad = true;
                }
                else if (restarts > before)
                {
                    findings.Add($"pod {name}: container {container} restarted {restarts - before} time(s) since traffic moved to this step{lastText}");
                    fatal = podBad = true;
                }
            }
            if (!podBad && !IsReady(pod))
                findings.Add($"pod {name} is not ready ({NotReadyWhy(pod)})");
        }
        return new(findings, fatal);
    }

    private static IEnumerable<JsonObject> Live(IEnumerable<JsonObject> pods) =>
        pods.Where(p => p["metadata"]?["deletionTimestamp"] is null && (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"));

    private static bool IsReady(JsonObject pod) =>
        Obj.Objects(pod["status"]?["conditions"]).Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    private static string NotReadyWhy(JsonObject pod)
    {
        foreach (var cs in Obj.Objects(pod["status"]?["containerStatuses"]))
            if ((string?)cs["state"]?["waiting"]?["reason"] is { } reason)
                return $"container {(string?)cs["name"]}: {reason}";
        var ready = Obj.Objects(pod["status"]?["conditions"]).FirstOrDefault(c => (string?)c["type"] == "Ready");
        return (string?)ready?["reason"] ?? (string?)pod["status"]?["phase"] ?? "no status yet";
    }
}

/// <param name="Findings">What is wrong, one line per pod and container; empty when every gray pod is healthy.</param>
/// <param name="Fatal">A crash, restart or OOM kill: the step fails at once, whatever the failure limit.</param>
public sealed record PodHealthResult(IReadOnlyList<string> Findings, bool Fatal)
{
    public bool Healthy => Findings.Count == 0;
}
