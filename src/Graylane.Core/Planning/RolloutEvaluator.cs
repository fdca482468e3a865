using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning;

/// <summary>Reads a Deployment's status the way `kubectl rollout status` does.</summary>
public static class RolloutEvaluator
{
    public static RolloutState Evaluate(JsonObject deployment)
    {
        var desired = Obj.Int(deployment["spec"]?["replicas"]) ?? 1;
        var status = deployment["status"] as JsonObject;
        var observed = Obj.Long(status?["observedGeneration"]) ?? 0;
        var updated = Obj.Int(status?["updatedReplicas"]) ?? 0;
        var total = Obj.Int(status?["replicas"]) ?? 0;
        var available = Obj.Int(status?["availableReplicas"]) ?? 0;
        var ready = Obj.Int(status?["readyReplicas"]) ?? 0;

        var progressing = Obj.Objects(status?["conditions"]).FirstOrDefault(c => (string?)c["type"] == "Progressing");
        if (progressing is not null && (string?)progressing["reason"] == "ProgressDeadlineExceeded")
            return new RolloutState(RolloutPhase.Failed,
                $"progress deadline exceeded: {(string?)progressing["message"] ?? "the rollout made no progress in time"}", ready, desired);
        if (observed < Obj.Generation(deployment))
            return new RolloutState(RolloutPhase.Progressing, "waiting for the Deployment controller to observe the change", ready, desired);
        if (updated < desired)
            return new RolloutState(RolloutPhase.Progressing, $"{updated} of {desired} pods updated", ready, desired);
        if (total > updated)
            return new RolloutState(RolloutPhase.Progressing, $"{total - updated} old pods pending termination", ready, desired);
        if (total > desired)
            return new RolloutState(RolloutPhase.Progressing, $"{total - desired} pods above {desired} pending termination", ready, desired);
        if (available < updated)
            return new RolloutState(RolloutPhase.Progressing, $"{available} of {updated} updated pods available", ready, desired);
        return new RolloutState(RolloutPhase.Ready, $"{available}/{desired} pods ready", ready, desired);
    }
}
