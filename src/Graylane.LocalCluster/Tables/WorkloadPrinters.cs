using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>Pods and the workloads that own them, with the columns and cells of kubectl's printers.</summary>
internal static class WorkloadPrinters
{
    public static ObjectPrinter Pods() => new(
    [
        Docs.Name,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        Docs.Age,
        new("IP", "string", Docs.Of("io.k8s.api.core.v1.PodStatus", "podIP"), 1),
        new("Node", "string", Docs.Of("io.k8s.api.core.v1.PodSpec", "nodeName"), 1),
        new("Nominated Node", "string", Docs.Of("io.k8s.api.core.v1.PodStatus", "nominatedNodeName"), 1),
        new("Readiness Gates", "string", Docs.Of("io.k8s.api.core.v1.PodSpec", "readinessGates"), 1),
    ], PodCells, pod => Cell.Text(pod, "status.phase") switch
    {
        "Succeeded" => new JsonArray(Condition("Succeeded", "The pod has completed successfully.")),
        "Failed" => new JsonArray(Condition("Failed", "The pod failed.")),
        _ => null,
    });

    private static JsonNode Condition(string reason, string message) =>
        new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = reason, ["message"] = message };

    private static JsonNode?[] PodCells(JsonObject pod, DateTimeOffset now)
    {
        var phase = Cell.Text(pod, "status.phase");
        var reason = Cell.Text(pod, "status.reason", phase);
        var total = Cell.Objects(pod["spec"]?["containers"]).Count();
        var ready = 0;
        long restarts = 0;
        DateTimeOffset? lastRestart = null;
        var hasRunning = false;
        var statuses = Cell.Objects(pod["status"]?["containerStatuses"]).ToList();
        for (var i = statuses.Count - 1; i >= 0; i--)
        {
            var cs = statuses[i];
            restarts += cs["restartCount"].Long() ?? 0;
            if (Cell.Str(cs, "lastState.terminated.finishedAt") is { } finished &&
                DateTimeOffset.TryParse((string?)finished, out var at) && (lastRestart is null || at > lastRestart))
                lastRestart = at;
            var waiting = Cell.Text(cs, "state.waiting.reason");
            var terminated = cs["state"]?["terminated"];
            if (waiting.Length > 0) reason = waiting;
            else if (terminated is not null && Cell.Text(terminated, "reason") is { Length: > 0 } why) reason = why;
            else if (terminated is not null)
                reason = Cell.Int(terminated, "signal") is var signal and not 0 ? $"Signal:{signal}" : $"ExitCode:{Cell.Int(terminated, "exitCode")}";
            else if (cs["ready"]?.GetValueKind() == System.Text.Json.JsonValueKind.True && cs["state"]?["running"] is not null)
            {
                hasRunning = true;
                ready++;
            }
        }
        if (reason == "Completed" && hasRunning)
            reason = Cell.Objects(pod["status"]?["conditions"]).Any(c => c["type"].Str() == "Ready" && c["status"].Str() == "True") ? "Running" : "NotReady";
        if (pod["metadata"]?["deletionTimestamp"] is not null && phase is not ("Succeeded" or "Failed")) reason = "Terminating";

        var restartText = Cell.Number(restarts);
        if (restarts != 0 && lastRestart is { } last) restartText = $"{restarts} ({HumanDuration.Format(now - last)} ago)";
        var ip = Cell.Objects(pod["status"]?["podIPs"]).Select(p => p["ip"].Str()).FirstOrDefault() ?? Cell.Text(pod, "status.podIP");
        var gates = Cell.Objects(pod["spec"]?["readinessGates"]).Select(g => g["conditionType"].Str()).ToList();
        var gateText = gates.Count == 0
            ? "<none>"
            : $"{gates.Count(g => Cell.Objects(pod["status"]?["conditions"]).FirstOrDefault(c => c["type"].Str() == g)?["status"].Str() == "True")}/{gates.Count}";
        return
        [
            Cell.Name(pod), $"{ready}/{total}", reason, restartText, Cell.Age(pod, now),
            Or(ip), Or(Cell.Text(pod, "spec.nodeName")), Or(Cell.Text(pod, "status.nominatedNodeName")), gateText,
        ];
    }

    public static ObjectPrinter Deployments() => new(
    [
        Docs.Name,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "string", Docs.Of("io.k8s.api.apps.v1.DeploymentStatus", "updatedReplicas")),
        new("Available", "string", Docs.Of("io.k8s.api.apps.v1.DeploymentStatus", "availableReplicas")),
        Docs.Age, Docs.Containers, Docs.Images,
        new("Selector", "string", Docs.Of("io.k8s.api.apps.v1.DeploymentSpec", "selector"), 1),
    ], (d, now) =>
    {
        var (names, images) = Cell.Containers(d["spec"]?["template"]?["spec"]);
        return
        [
            Cell.Name(d), $"{Cell.Int(d, "status.readyReplicas")}/{Cell.Int(d, "spec.replicas", 1)}",
            Cell.Int(d, "status.updatedReplicas"), Cell.Int(d, "status.availableReplicas"), Cell.Age(d, now),
            names, images, Cell.Selector(d["spec"]?["selector"]),
        ];
    });

    public static ObjectPrinter ReplicaSets() => new(
    [
        Docs.Name,
        new("Desired", "integer", Docs.Of("io.k8s.api.apps.v1.ReplicaSetSpec", "replicas")),
        new("Current", "integer", Docs.Of("io.k8s.api.apps.v1.ReplicaSetStatus", "replicas")),
        new("Ready", "integer", Docs.Of("io.k8s.api.apps.v1.ReplicaSetStatus", "readyReplicas")),
        Docs.Age, Docs.Containers, Docs.Images,
        new("Selector", "string", Docs.Of("io.k8s.api.apps.v1.ReplicaSetSpec", "selector"), 1),
    ], (rs, now) =>
    {
        var (names, images) = Cell.Containers(rs["spec"]?["template"]?["spec"]);
        return
        [
            Cell.Name(rs), Cell.Int(rs, "spec.replicas", 1), Cell.Int(rs, "status.replicas"), Cell.Int(rs, "status.readyReplicas"),
            Cell.Age(rs, now), names, images, Cell.FormatSelector(rs["spec"]?["selector"]),
        ];
    });

    public static ObjectPrinter StatefulSets() => new(
    [
        Docs.Name, new("Ready", "string", "Number of the pod with ready state"), Docs.Age, Docs.Containers, Docs.Images,
    ], (s, now) =>
    {
        var (names, images) = Cell.Containers(s["spec"]?["template"]?["spec"]);
        return [Cell.Name(s), $"{Cell.Int(s, "status.readyReplicas")}/{Cell.Int(s, "spec.replicas", 1)}", Cell.Age(s, now), names, images];
    });

    public static ObjectPrinter DaemonSets() => new(
    [
        Docs.Name,
        new("Desired", "integer", Docs.Of("io.k8s.api.apps.v1.DaemonSetStatus", "desiredNumberScheduled")),
        new("Current", "integer", Docs.Of("io.k8s.api.apps.v1.DaemonSetStatus", "currentNumberScheduled")),
        new("Ready", "integer", Docs.Of("io.k8s.api.apps.v1.DaemonSetStatus", "numberReady")),
        new("Up-to-date", "integer", Docs.Of("io.k8s.api.apps.v1.DaemonSetStatus", "updatedNumberScheduled")),
        new("Available", "integer", Docs.Of("io.k8s.api.apps.v1.DaemonSetStatus", "numberAvailable")),
        new("Node Selector", "string", Docs.Of("io.k8s.api.core.v1.PodSpec", "nodeSelector")),
        Docs.Age, Docs.Containers, Docs.Images,
        new("Selector", "string", Docs.Of("io.k8s.api.apps.v1.DaemonSetSpec", "selector"), 1),
    ], (ds, now) =>
    {
        var (names, images) = Cell.Containers(ds["spec"]?["template"]?["spec"]);
        return
        [
            Cell.Name(ds), Cell.Int(ds, "status.desiredNumberScheduled"), Cell.Int(ds, "status.currentNumberScheduled"),
            Cell.Int(ds, "status.numberReady"), Cell.Int(ds, "status.updatedNumberScheduled"), Cell.Int(ds, "status.numberAvailable"),
            Cell.Labels(ds["spec"]?["template"]?["spec"]?["nodeSelector"]), Cell.Age(ds, now), names, images,
            Cell.FormatSelector(ds["spec"]?["selector"]),
        ];
    });

    public static ObjectPrinter Jobs() => new(
    [
        Docs.Name,
        new("Status", "string", "Status of the job."),
        new("Completions", "string", Docs.Of("io.k8s.api.batch.v1.JobStatus", "succeeded")),
        new("Duration", "string", "Time required to complete the job."),
        Docs.Age, Docs.Containers, Docs.Images,
        new("Selector", "string", Docs.Of("io.k8s.api.batch.v1.JobSpec", "selector"), 1),
    ], (job, now) =>
    {
        var succeeded = Cell.Int(job, "status.succeeded");
        var parallelism = Cell.Int(job, "spec.parallelism", 1);
        var completions = job["spec"]?["completions"].Long() is { } c ? $"{succeeded}/{c}"
            : parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
        var start = Time(Cell.Text(job, "status.startTime"));
        var end = Time(Cell.Text(job, "status.completionTime"));
        var duration = start is null ? "" : HumanDuration.Format((end ?? now) - start.Value);
        bool Has(string type) => Cell.Objects(job["status"]?["conditions"]).FirstOrDefault(x => x["type"].Str() == type)?["status"].Str() == "True";
        var status = Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : job["metadata"]?["deletionTimestamp"] is not null ? "Terminating"
            : Has("Suspended") ? "Suspended"
            : Has("FailureTarget") ? "FailureTarget"
            : "Running";
        var (names, images) = Cell.Containers(job["spec"]?["template"]?["spec"]);
        return [Cell.Name(job), status, completions, duration, Cell.Age(job, now), names, images, Cell.FormatSelector(job["spec"]?["selector"])];
    });

    public static ObjectPrinter CronJobs() => new(
    [
        Docs.Name,
        new("Schedule", "string", Docs.Of("io.k8s.api.batch.v1.CronJobSpec", "schedule")),
        new("Timezone", "string", Docs.Of("io.k8s.api.batch.v1.CronJobSpec", "timeZone")),
        new("Suspend", "boolean", Docs.Of("io.k8s.api.batch.v1.CronJobSpec", "suspend")),
        new("Active", "integer", Docs.Of("io.k8s.api.batch.v1.CronJobStatus", "active")),
        new("Last Schedule", "string", Docs.Of("io.k8s.api.batch.v1.CronJobStatus", "lastScheduleTime")),
        Docs.Age, Docs.Containers, Docs.Images,
        new("Selector", "string", Docs.Of("io.k8s.api.batch.v1.JobSpec", "selector"), 1),
    ], (cj, now) =>
    {
        var template = cj["spec"]?["jobTemplate"]?["spec"];
        var (names, images) = Cell.Containers(template?["template"]?["spec"]);
        var last = Cell.Text(cj, "status.lastScheduleTime");
        return
        [
            Cell.Name(cj), Cell.Text(cj, "spec.schedule"), Cell.Text(cj, "spec.timeZone", "<none>"),
            cj["spec"]?["suspend"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
            (long)Cell.Objects(cj["status"]?["active"]).Count(), last.Length == 0 ? "<none>" : HumanDuration.Since(last, now),
            Cell.Age(cj, now), names, images, Cell.FormatSelector(template?["selector"]),
        ];
    });

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string Or(string value) => value.Length == 0 ? "<none>" : value;
}
