using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>Renders a PodRecord as the pod's status, keeping condition transition times that did not change.</summary>
internal static class PodStatusBuilder
{
    public static JsonObject Unschedulable(JsonObject? previous, DateTimeOffset now) => new()
    {
        ["phase"] = "Pending",
        ["conditions"] = new JsonArray(Condition(previous, "PodScheduled", false, now,
            "Unschedulable", "0/1 nodes are available: 1 Insufficient cpu.")),
        ["qosClass"] = "BestEffort",
    };

    public static JsonObject Scheduled(JsonObject? previous, PodRecord pod, DateTimeOffset now)
    {
        var containers = pod.Containers;
        var unready = containers.Where(c => !c.Ready).Select(c => c.Name).ToList();
        var ready = unready.Count == 0;
        var unreadyMessage = $"containers with unready status: [{string.Join(' ', unready)}]";
        // As the kubelet decides: a container waiting that never ran keeps the pod Pending; restarting ones do not.
        var phase = containers.Any(c => !c.HasRun) ? "Pending" : "Running";
        return new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition(previous, "PodReadyToStartContainers", true, now),
                Condition(previous, "Initialized", true, now),
                Condition(previous, "Ready", ready, now, ready ? null : "ContainersNotReady", ready ? null : unreadyMessage),
                Condition(previous, "ContainersReady", ready, now, ready ? null : "ContainersNotReady", ready ? null : unreadyMessage),
                Condition(previous, "PodScheduled", true, now)),
            ["hostIP"] = PodAddresses.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = PodAddresses.HostIp }),
            ["podIP"] = pod.PodIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = pod.PodIp }),
            ["startTime"] = Json.Timestamp(pod.ScheduledAt ?? now),
            ["containerStatuses"] = new JsonArray(containers.Select(ContainerStatus).ToArray<JsonNode?>()),
            ["qosClass"] = "BestEffort",
        };
    }

    private static JsonObject ContainerStatus(ContainerRecord c)
    {
        var status = new JsonObject
        {
            ["name"] = c.Name,
            ["state"] = c.State.DeepClone(),
            ["lastState"] = c.LastState.DeepClone(),
            ["ready"] = c.Ready,
            ["restartCount"] = c.RestartCount,
            ["image"] = c.Image,
            ["imageID"] = c.Pulled ? ContainerLifecycle.ImageId(c.Image) : "",
            ["started"] = c.Started,
        };
        if (c.ContainerId is not null) status["containerID"] = c.ContainerId;
        return status;
    }

    private static JsonObject Condition(JsonObject? previous, string type, bool status, DateTimeOffset now,
        string? reason = null, string? message = null)
    {
        var value = status ? "True" : "False";
        var before = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == type);
        var since = before is not null && (string?)before["status"] == value
            ? (string?)before["lastTransitionTime"]
            : Json.Timestamp(now);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = since,
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }
}
