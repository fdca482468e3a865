using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// kube-state-metrics' pod gauges, computed from the pods at scrape time with its names and labels:
/// kube_pod_status_ready{condition=true|false|unknown}, kube_pod_container_status_restarts_total,
/// kube_pod_container_status_waiting_reason (e.g. CrashLoopBackOff) and kube_pod_container_status_last_terminated_reason
/// (e.g. OOMKilled), each with namespace, pod and uid (and container).
/// </summary>
internal static class KubeStateMetrics
{
    public static void WriteTo(StringBuilder sb, IReadOnlyList<JsonObject> pods)
    {
        MetricRegistry.WriteComputed(sb, "kube_pod_status_ready", "gauge", "Describes whether the pod is ready to serve requests.",
            pods.SelectMany(p => new[] { "true", "false", "unknown" }.Select(c => (Labels(p, null, ("condition", c)), Ready(p) == c ? 1.0 : 0.0))));
        MetricRegistry.WriteComputed(sb, "kube_pod_container_status_restarts_total", "counter", "The number of container restarts per container.",
            Containers(pods).Select(x => (Labels(x.Pod, x.Name), Json.Num(x.Status, "restartCount") ?? 0)));
        MetricRegistry.WriteComputed(sb, "kube_pod_container_status_waiting_reason", "gauge", "Describes the reason the container is currently in waiting state.",
            Containers(pods).Where(x => Json.Str(x.Status, "state", "waiting", "reason") is not null)
                .Select(x => (Labels(x.Pod, x.Name, ("reason", Json.Str(x.Status, "state", "waiting", "reason")!)), 1.0)));
        MetricRegistry.WriteComputed(sb, "kube_pod_container_status_last_terminated_reason", "gauge", "Describes the last reason the container was in terminated state.",
            Containers(pods).Where(x => Json.Str(x.Status, "lastState", "terminated", "reason") is not null)
                .Select(x => (Labels(x.Pod, x.Name, ("reason", Json.Str(x.Status, "lastState", "terminated", "reason")!)), 1.0)));
    }

    private static string Ready(JsonObject pod) =>
        Json.Arr(pod, "status", "conditions").FirstOrDefault(c => Json.Str(c, "type") == "Ready") is { } ready
            ? (Json.Str(ready, "status") ?? "Unknown").ToLowerInvariant()
            : "unknown";

    private static IEnumerable<(JsonObject Pod, string Name, JsonNode Status)> Containers(IReadOnlyList<JsonObject> pods) =>
        pods.SelectMany(p => Json.Arr(p, "status", "containerStatuses").Select(s => (p, Json.Str(s, "name") ?? "", s)));

    private static IReadOnlyList<KeyValuePair<string, string>> Labels(JsonObject pod, string? container, params (string, string)[] more)
    {
        var labels = new List<KeyValuePair<string, string>>
        {
            new("namespace", Json.Namespace(pod)), new("pod", Json.Name(pod)), new("uid", Json.Str(pod, "metadata", "uid") ?? ""),
        };
        if (container is not null) labels.Add(new("container", container));
        labels.AddRange(more.Select(m => new KeyValuePair<string, string>(m.Item1, m.Item2)));
        return labels;
    }
}
