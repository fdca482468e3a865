using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// Keeps spec.replicas pods of each ReplicaSet alive (creating from the template, deleting the least
/// valuable first) and reports replicas/readyReplicas/availableReplicas/observedGeneration.
/// Pods of a deleted ReplicaSet are garbage-collected.
/// </summary>
internal sealed class ReplicaSetController(ObjectStore store, TimeProvider time, EventRecorder events, WorkQueue queue)
{
    private const string Component = "replicaset-controller";
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public void Reconcile(string ns, string name)
    {
        var rs = store.Get(BuiltInTypes.ReplicaSets, ns, name);
        // Pods of a deleted ReplicaSet, or of an earlier one that had this name, are orphans.
        OwnedObjects.CollectOrphans(store, BuiltInTypes.Pods, ns, "ReplicaSet", name, rs is null ? null : Json.Uid(rs));
        if (rs is null || Json.IsDeleting(rs)) return;

        var pods = OwnedObjects.ControlledBy(store, BuiltInTypes.Pods, rs)
            .Where(p => !Json.IsDeleting(p) && !PodReadiness.IsTerminal(p))
            .ToList();
        var desired = Json.Int(rs["spec"]?["replicas"], 1);

        for (var i = pods.Count; i < desired; i++)
        {
            var created = CreatePod(rs);
            pods.Add(created);
            events.Normal(rs, "SuccessfulCreate", $"Created pod: {Json.Name(created)}", Component);
        }
        foreach (var victim in DeletionOrder(pods).Take(pods.Count - desired).ToList())
        {
            StoreWrites.DeleteIfPresent(store, BuiltInTypes.Pods, ns, Json.Name(victim));
            pods.Remove(victim);
            events.Normal(rs, "SuccessfulDelete", $"Deleted pod: {Json.Name(victim)}", Component);
        }

        WriteStatus(rs, pods);
    }

    private void WriteStatus(JsonObject rs, List<JsonObject> pods)
    {
        var now = time.GetUtcNow();
        var minReadySeconds = Json.Int(rs["spec"]?["minReadySeconds"], 0);
        var templateLabels = Json.StringMap(rs["spec"]?["template"]?["metadata"]?["labels"]);
        var status = new JsonObject { ["replicas"] = pods.Count };
        Json.SetOmitEmpty(status, "fullyLabeledReplicas", pods.Count(p => LabelSelector.MatchesMap(templateLabels, Json.StringMap(Json.Metadata(p)["labels"]))));
        Json.SetOmitEmpty(status, "readyReplicas", pods.Count(PodReadiness.IsReady));
        Json.SetOmitEmpty(status, "availableReplicas", pods.Count(p => PodReadiness.IsAvailable(p, minReadySeconds, now)));
        status["observedGeneration"] = Json.Generation(rs);

        StoreWrites.Mutate(store, BuiltInTypes.ReplicaSets, Json.Namespace(rs), Json.Name(rs), statusOnly: true, current =>
        {
            if (JsonNode.DeepEquals(current["status"], status)) return false;
            current["status"] = status;
            return true;
        });

        // minReadySeconds: look again when the next ready pod turns available.
        var next = pods.Select(p => PodReadiness.AvailableAt(p, minReadySeconds, now)).Where(t => t is not null).Min();
        if (next is { } at)
            queue.AddAfter(new WorkItem(WorkKind.ReplicaSet, Json.Namespace(rs), Json.Name(rs)), at - now, settling: true);
    }

    private JsonObject CreatePod(JsonObject rs)
    {
        var template = rs["spec"]?["template"] as JsonObject ?? [];
        var templateMeta = template["metadata"] as JsonObject ?? [];
        var spec = template["spec"]?.DeepClone() as JsonObject ?? [];
        // The defaults the API server would add to a pod created through it.
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Json.Name(rs)}-{RandomSuffix()}";
            var metadata = new JsonObject
            {
                ["name"] = name,
                ["generateName"] = Json.Name(rs) + "-",
                ["namespace"] = Json.Namespace(rs),
                ["labels"] = templateMeta["labels"]?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = Json.OwnerReferences(rs),
            };
            if (templateMeta["annotations"] is JsonObject annotations) metadata["annotations"] = annotations.DeepClone();
            try
            {
                return store.Create(BuiltInTypes.Pods, new JsonObject
                {
                    ["metadata"] = metadata,
                    ["spec"] = spec.DeepClone(),
                    ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" },
                });
            }
            catch (StoreException e) when (e.Code == 409 && attempt < 10)
            {
                // Name collision: draw another suffix, as generateName does.
            }
        }
    }

    /// <summary>The kubelet-independent part of the real ranking: unbound, pending, unready, restarting, newest go first.</summary>
    private static IEnumerable<JsonObject> DeletionOrder(List<JsonObject> pods) => pods
        .OrderBy(p => string.IsNullOrEmpty((string?)p["spec"]?["nodeName"]) ? 0 : 1)
        .ThenBy(p => (string?)p["status"]?["phase"] switch { "Pending" => 0, "Running" => 2, _ => 1 })
        .ThenBy(p => PodReadiness.IsReady(p) ? 1 : 0)
        .ThenByDescending(p => (p["status"]?["containerStatuses"] as JsonArray)?.Sum(c => Json.Int(c?["restartCount"], 0)) ?? 0)
        .ThenByDescending(p => Json.ParseTimestamp(Json.Metadata(p)["creationTimestamp"]) ?? DateTimeOffset.MinValue);

    private static string RandomSuffix() =>
        new(Enumerable.Range(0, 5).Select(_ => NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)]).ToArray());
}
