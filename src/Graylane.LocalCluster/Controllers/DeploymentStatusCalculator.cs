using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// A Deployment's status from its ReplicaSets, with the Available and Progressing conditions as the real
/// deployment controller sets them (syncDeploymentStatus + syncRolloutStatus), including the progress deadline.
/// </summary>
internal static class DeploymentStatusCalculator
{
    public const int DefaultProgressDeadlineSeconds = 600;

    /// <param name="createdReplicaSet">Name of a ReplicaSet created in this sync (NewReplicaSetCreated).</param>
    /// <returns>The new status, and when to look again for a stalled rollout (null: no deadline pending).</returns>
    public static (JsonObject Status, DateTimeOffset? DeadlineCheck) Compute(
        JsonObject deployment, IReadOnlyList<JsonObject> allReplicaSets, JsonObject? newReplicaSet, string? createdReplicaSet, DateTimeOffset now)
    {
        var spec = deployment["spec"];
        var desired = Json.Int(spec?["replicas"], 1);
        var previous = deployment["status"] as JsonObject ?? [];
        static int Sum(IEnumerable<JsonObject> sets, Func<JsonObject, JsonNode?> field) => sets.Sum(rs => Json.Int(field(rs), 0));

        var replicas = Sum(allReplicaSets, rs => rs["status"]?["replicas"]);
        var updated = newReplicaSet is null ? 0 : Json.Int(newReplicaSet["status"]?["replicas"], 0);
        var ready = Sum(allReplicaSets, rs => rs["status"]?["readyReplicas"]);
        var available = Sum(allReplicaSets, rs => rs["status"]?["availableReplicas"]);
        var unavailable = Math.Max(0, Sum(allReplicaSets, rs => rs["spec"]?["replicas"]) - available);

        var status = new JsonObject { ["observedGeneration"] = Json.Generation(deployment) };
        Json.SetOmitEmpty(status, "replicas", replicas);
        Json.SetOmitEmpty(status, "updatedReplicas", updated);
        Json.SetOmitEmpty(status, "readyReplicas", ready);
        Json.SetOmitEmpty(status, "availableReplicas", available);
        Json.SetOmitEmpty(status, "unavailableReplicas", unavailable);
        if (previous["collisionCount"] is { } collisions) status["collisionCount"] = collisions.DeepClone();

        var conditions = new DeploymentConditions(previous["conditions"] as JsonArray, now);
        if (available >= desired - DeploymentStrategy.MaxUnavailable(deployment, desired))
            conditions.Set("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
        else
            conditions.Set("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");

        DateTimeOffset? deadlineCheck = null;
        if (spec?["paused"] is JsonValue p && p.TryGetValue<bool>(out var paused) && paused)
        {
            if ((string?)conditions.Get("Progressing")?["reason"] != "DeploymentPaused")
                conditions.Set("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
        }
        else
        {
            var rsName = Json.Name(newReplicaSet ?? []);
            if ((string?)conditions.Get("Progressing")?["reason"] == "DeploymentPaused")
                conditions.Set("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed");
            if (createdReplicaSet is not null)
                conditions.Set("Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{createdReplicaSet}\"");
            else if (newReplicaSet is not null && conditions.Get("Progressing") is null)
                conditions.Set("Progressing", "True", "FoundNewReplicaSet", $"Found new replica set \"{rsName}\"");
            if (newReplicaSet is not null)
                deadlineCheck = SyncRolloutStatus(deployment, previous, status, conditions, rsName, desired, now);
        }

        status["conditions"] = conditions.ToJson();
        return (status, deadlineCheck);
    }

    private static DateTimeOffset? SyncRolloutStatus(JsonObject deployment, JsonObject previous, JsonObject status,
        DeploymentConditions conditions, string rsName, int desired, DateTimeOffset now)
    {
        var deadline = Json.Long(deployment["spec"]?["progressDeadlineSeconds"]) ?? DefaultProgressDeadlineSeconds;
        if (deadline >= int.MaxValue) return null; // "no deadline"
        int Count(JsonObject s, string field) => Json.Int(s[field], 0);

        var current = conditions.Get("Progressing");
        // A finished rollout that is only being scaled is not a new rollout: its condition stays as it is.
        var complete = Count(status, "replicas") == Count(status, "updatedReplicas") && (string?)current?["reason"] == "NewReplicaSetAvailable";
        if (complete) return null;

        var isComplete = Count(status, "updatedReplicas") == desired && Count(status, "replicas") == desired
            && Count(status, "availableReplicas") == desired;
        var madeProgress = Count(status, "updatedReplicas") > Count(previous, "updatedReplicas")
            || Count(status, "replicas") - Count(status, "updatedReplicas") < Count(previous, "replicas") - Count(previous, "updatedReplicas")
            || Count(status, "readyReplicas") > Count(previous, "readyReplicas")
            || Count(status, "availableReplicas") > Count(previous, "availableReplicas");

        if (isComplete)
        {
            conditions.Set("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.");
            return null;
        }
        if (madeProgress)
            conditions.Refresh("Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.");

        current = conditions.Get("Progressing");
        if (current is null || (string?)current["reason"] == "ProgressDeadlineExceeded") return null;
        var since = Json.ParseTimestamp(current["lastUpdateTime"]) ?? now;
        var expires = since.AddSeconds(deadline);
        if (expires < now)
        {
            conditions.Set("Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.");
            return null;
        }
        // Strictly after the deadline, as the real check is "lastUpdateTime + deadline is before now".
        return expires.AddMilliseconds(1);
    }
}
