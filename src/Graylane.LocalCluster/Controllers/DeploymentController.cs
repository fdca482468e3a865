using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// One ReplicaSet per pod template ("&lt;deployment&gt;-&lt;pod-template-hash&gt;"). A rollout brings the new
/// ReplicaSet to full size at once and scales the old ones to 0 only when the new one is fully available,
/// so availability never drops (Recreate: old to 0 first, then new). Writes status and conditions,
/// trims history to revisionHistoryLimit, and garbage-collects the ReplicaSets of a deleted Deployment.
/// </summary>
internal sealed class DeploymentController(ObjectStore store, TimeProvider time, EventRecorder events, WorkQueue queue)
{
    public const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string Component = "deployment-controller";

    /// <summary>Deadline checks already queued, by Deployment uid, so each sync does not add another timer.</summary>
    private readonly Dictionary<string, DateTimeOffset> _deadlineWakes = new(StringComparer.Ordinal);

    public void Reconcile(string ns, string name)
    {
        var deployment = store.Get(BuiltInTypes.Deployments, ns, name);
        OwnedObjects.CollectOrphans(store, BuiltInTypes.ReplicaSets, ns, "Deployment", name, deployment is null ? null : Json.Uid(deployment));
        if (deployment is null || Json.IsDeleting(deployment)) return;

        var desired = Json.Int(deployment["spec"]?["replicas"], 1);
        var paused = deployment["spec"]?["paused"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        var owned = OwnedObjects.ControlledBy(store, BuiltInTypes.ReplicaSets, deployment);
        var hash = TemplateHash.Of(deployment["spec"]?["template"]);
        var newRs = owned.FirstOrDefault(rs => Json.StringMap(Json.Metadata(rs)["labels"]).GetValueOrDefault(HashLabel) == hash);
        var old = owned.Where(rs => rs != newRs).ToList();
        var maxOldRevision = old.Select(Revision).DefaultIfEmpty(0).Max();

        string? created = null;
        if (newRs is null && !paused)
        {
            var initial = DeploymentStrategy.IsRecreate(deployment) ? 0 : desired;
            newRs = CreateReplicaSet(deployment, hash, maxOldRevision + 1, initial);
            created = Json.Name(newRs);
            if (initial > 0)
                events.Normal(deployment, "ScalingReplicaSet", $"Scaled up replica set {created} from 0 to {initial}", Component);
        }
        else if (newRs is not null && Revision(newRs) <= maxOldRevision)
        {
            // Rolling back to an earlier template makes its ReplicaSet the newest revision again.
            newRs = SetAnnotation(newRs, RevisionAnnotation, (maxOldRevision + 1).ToString(CultureInfo.InvariantCulture)) ?? newRs;
        }

        if (paused) ScalePaused(deployment, newRs, old, desired);
        else if (DeploymentStrategy.IsRecreate(deployment)) ScaleRecreate(deployment, newRs!, old, desired);
        else ScaleRolling(deployment, newRs!, old, desired);

        TrimHistory(deployment, old);
        if (newRs is not null) deployment = SetAnnotation(deployment, RevisionAnnotation, Revision(newRs).ToString(CultureInfo.InvariantCulture)) ?? deployment;
        WriteStatus(deployment, newRs, created);
    }

    private void ScaleRolling(JsonObject deployment, JsonObject newRs, List<JsonObject> old, int desired)
    {
        newRs = Scale(deployment, newRs, desired) ?? newRs;
        var newAvailable = Json.Int(newRs["status"]?["availableReplicas"], 0);
        if (desired > 0 && newAvailable < desired) return;
        foreach (var rs in old) Scale(deployment, rs, 0);
    }

    private void ScaleRecreate(JsonObject deployment, JsonObject newRs, List<JsonObject> old, int desired)
    {
        foreach (var rs in old) Scale(deployment, rs, 0);
        // New pods only once every old pod is gone.
        if (old.All(rs => Json.Int(rs["status"]?["replicas"], 0) == 0)) Scale(deployment, newRs, desired);
    }

    private void ScalePaused(JsonObject deployment, JsonObject? newRs, List<JsonObject> old, int desired)
    {
        // A paused Deployment still honours scaling, on the newest ReplicaSet it has.
        var target = newRs ?? old.MaxBy(Revision);
        if (target is not null) Scale(deployment, target, desired);
    }

    private JsonObject? Scale(JsonObject deployment, JsonObject rs, int to)
    {
        var from = Json.Int(rs["spec"]?["replicas"], 1);
        if (from == to) return rs;
        var desired = Json.Int(deployment["spec"]?["replicas"], 1);
        var scaled = StoreWrites.Mutate(store, BuiltInTypes.ReplicaSets, Json.Namespace(rs), Json.Name(rs), statusOnly: false, current =>
        {
            Json.Object(current, "spec")["replicas"] = to;
            var annotations = Json.Object(Json.Metadata(current), "annotations");
            annotations["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture);
            annotations["deployment.kubernetes.io/max-replicas"] =
                (desired + DeploymentStrategy.MaxSurge(deployment, desired)).ToString(CultureInfo.InvariantCulture);
            return true;
        });
        if (scaled is not null)
            events.Normal(deployment, "ScalingReplicaSet",
                $"Scaled {(to > from ? "up" : "down")} replica set {Json.Name(rs)} from {from} to {to}", Component);
        return scaled;
    }

    private JsonObject CreateReplicaSet(JsonObject deployment, string hash, long revision, int replicas)
    {
        var spec = deployment["spec"] as JsonObject ?? [];
        var template = spec["template"]?.DeepClone() as JsonObject ?? [];
        var templateMeta = Json.Object(template, "metadata");
        Json.Object(templateMeta, "labels")[HashLabel] = hash;
        var selector = spec["selector"]?.DeepClone() as JsonObject ?? [];
        Json.Object(selector, "matchLabels")[HashLabel] = hash;
        var desired = Json.Int(spec["replicas"], 1);
        var name = $"{Json.Name(deployment)}-{hash}";
        var rs = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Json.Namespace(deployment),
                ["labels"] = templateMeta["labels"]!.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] =
                        (desired + DeploymentStrategy.MaxSurge(deployment, desired)).ToString(CultureInfo.InvariantCulture),
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = Json.OwnerReferences(deployment),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["minReadySeconds"] = Json.Int(spec["minReadySeconds"], 0),
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        try
        {
            return store.Create(BuiltInTypes.ReplicaSets, rs);
        }
        catch (StoreException e) when (e.Code == 409)
        {
            // Only ours can be reused; a stranger with this name is a hash collision we do not resolve.
            var existing = store.Get(BuiltInTypes.ReplicaSets, Json.Namespace(deployment), name);
            if (existing is not null && Json.IsControlledBy(existing, deployment)) return existing;
            throw;
        }
    }

    /// <summary>revisionHistoryLimit (default 10): the oldest fully scaled-down ReplicaSets go.</summary>
    private void TrimHistory(JsonObject deployment, List<JsonObject> old)
    {
        var limit = Json.Int(deployment["spec"]?["revisionHistoryLimit"], 10);
        var idle = old.Where(rs => Json.Int(rs["spec"]?["replicas"], 1) == 0 && Json.Int(rs["status"]?["replicas"], 0) == 0)
            .OrderBy(Revision)
            .ToList();
        foreach (var rs in idle.Take(idle.Count - limit))
            StoreWrites.DeleteIfPresent(store, BuiltInTypes.ReplicaSets, Json.Namespace(rs), Json.Name(rs));
    }

    private void WriteStatus(JsonObject deployment, JsonObject? newRs, string? created)
    {
        var ns = Json.Namespace(deployment);
        var all = OwnedObjects.ControlledBy(store, BuiltInTypes.ReplicaSets, deployment);
        var fresh = newRs is null ? null : all.FirstOrDefault(rs => Json.Uid(rs) == Json.Uid(newRs));
        var now = time.GetUtcNow();
        var (status, deadlineCheck) = DeploymentStatusCalculator.Compute(deployment, all, fresh, created, now);
        StoreWrites.Mutate(store, BuiltInTypes.Deployments, ns, Json.Name(deployment), statusOnly: true, current =>
        {
            if (JsonNode.DeepEquals(current["status"], status)) return false;
            current["status"] = status;
            return true;
        });
        // Open-ended: a rollout that never finishes must not keep the cluster from being idle.
        if (deadlineCheck is { } at && _deadlineWakes.GetValueOrDefault(Json.Uid(deployment)) != at)
        {
            _deadlineWakes[Json.Uid(deployment)] = at;
            queue.AddAfter(new WorkItem(WorkKind.Deployment, ns, Json.Name(deployment)), at - now, settling: false);
        }
    }

    private JsonObject? SetAnnotation(JsonObject obj, string key, string value)
    {
        var type = (string?)obj["kind"] == "Deployment" ? BuiltInTypes.Deployments : BuiltInTypes.ReplicaSets;
        return StoreWrites.Mutate(store, type, Json.Namespace(obj), Json.Name(obj), statusOnly: false, current =>
        {
            var annotations = Json.Object(Json.Metadata(current), "annotations");
            if ((string?)annotations[key] == value) return false;
            annotations[key] = value;
            return true;
        });
    }

    private static long Revision(JsonObject rs) =>
        long.TryParse((string?)Json.Metadata(rs)["annotations"]?[RevisionAnnotation], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;
}
