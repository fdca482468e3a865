using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The scheduler and kubelet of the single simulated node "local-node": binds pods, gives them an IP,
/// and walks each container through its lifecycle (ContainerLifecycle), writing pod status and Events.
/// Faults are decided when the pod is admitted (first seen), from the knobs as they are then.
/// </summary>
internal sealed class PodSimulator(ObjectStore store, ClusterKnobs knobs, TimeProvider time, EventRecorder events, WorkQueue queue)
{
    private readonly ConcurrentDictionary<string, PodRecord> _pods = new(StringComparer.Ordinal);
    private readonly PodAddresses _addresses = new();
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromMilliseconds(50);

    /// <summary>Called from the store's event handler for a new pod: cheap, only snapshots the knobs.</summary>
    public void Admit(JsonObject pod) => _pods.TryAdd(Json.Uid(pod), NewRecord(pod));

    public void Forget(JsonObject pod) => _pods.TryRemove(Json.Uid(pod), out _);

    /// <summary>The pod's containers' environment as resolved when it started; null for a pod not started yet.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>>? EnvironmentOf(string uid) =>
        _pods.TryGetValue(uid, out var record) ? record.Environment : null;

    public void Reconcile(string ns, string name)
    {
        var pod = store.Get(BuiltInTypes.Pods, ns, name);
        if (pod is null || Json.IsDeleting(pod)) return;
        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed") return;
        var record = _pods.GetOrAdd(Json.Uid(pod), _ => NewRecord(pod));
        var now = time.GetUtcNow();

        if (record.ScheduledAt is null)
        {
            if (record.Unschedulable)
            {
                ReportUnschedulable(pod, record, now);
                return;
            }
            pod = Bind(pod, record, now);
            if (pod is null) return;
        }

        // The kubelet resolves the environment when it starts the containers; one whose ConfigMap or Secret is not there
        // yet (e.g. applied in the same kubectl apply, after the Deployment) is not started until it is: retried shortly.
        if (record.Environment is null)
        {
            if (ContainerEnvironment.Missing(pod, store) is not null)
            {
                queue.AddAfter(new WorkItem(WorkKind.Pod, ns, name), ConfigRetry, settling: false); // not settling: config that never comes must not hold WaitIdle
                return;
            }
            record.Environment = ContainerEnvironment.Resolve(pod, store);
        }

        var lifecycle = new ContainerLifecycle(events, knobs.PodReadyDelay);
        foreach (var container in record.Containers)
            while (container.NextStep is not null && container.NextDue <= now)
                lifecycle.Apply(container, pod, now);

        WriteStatus(ns, name, previous => PodStatusBuilder.Scheduled(previous, record, now));

        // One wake-up per step: our own status write re-queues this pod, which must not add another timer.
        foreach (var container in record.Containers.Where(c => c.NextStep is not null && c.WakeAt != c.NextDue))
        {
            container.WakeAt = container.NextDue;
            queue.AddAfter(new WorkItem(WorkKind.Pod, ns, name), container.NextDue - now, ContainerLifecycle.IsSettling(container));
        }
    }

    private void ReportUnschedulable(JsonObject pod, PodRecord record, DateTimeOffset now)
    {
        if (record.FailedSchedulingReported) return;
        WriteStatus(Json.Namespace(pod), Json.Name(pod), previous => PodStatusBuilder.Unschedulable(previous, now));
        events.Warning(pod, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.", "default-scheduler");
        record.FailedSchedulingReported = true;
    }

    /// <summary>What the scheduler's binding does: sets spec.nodeName; the kubelet then owns the pod.</summary>
    private JsonObject? Bind(JsonObject pod, PodRecord record, DateTimeOffset now)
    {
        var ns = Json.Namespace(pod);
        var name = Json.Name(pod);
        var bound = StoreWrites.Mutate(store, BuiltInTypes.Pods, ns, name, statusOnly: false, p =>
        {
            var spec = Json.Object(p, "spec");
            if (!string.IsNullOrEmpty((string?)spec["nodeName"])) return false;
            spec["nodeName"] = EventRecorder.NodeName;
            return true;
        });
        if (bound is null) return null;
        record.ScheduledAt = now;
        record.PodIp = _addresses.Next();
        foreach (var c in record.Containers)
        {
            c.NextStep = ContainerStep.Pull;
            c.NextDue = now;
        }
        events.Normal(bound, "Scheduled", $"Successfully assigned {ns}/{name} to {EventRecorder.NodeName}", "default-scheduler");
        return bound;
    }

    private void WriteStatus(string ns, string name, Func<JsonObject?, JsonObject> build) =>
        StoreWrites.Mutate(store, BuiltInTypes.Pods, ns, name, statusOnly: true, p =>
        {
            var previous = p["status"] as JsonObject;
            var next = build(previous);
            if (previous is not null && JsonNode.DeepEquals(previous, next)) return false;
            p["status"] = next;
            return true;
        });

    private PodRecord NewRecord(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => (Name: (string?)c["name"] ?? "", Image: (string?)c["image"] ?? ""))
            .ToList() ?? [];
        var crashAfter = CrashAfter.Parse((string?)pod["metadata"]?["annotations"]?[CrashAfter.Annotation]);
        return new PodRecord(
            containers.Exists(c => knobs.IsUnschedulable(c.Image)),
            containers.Select(c => new ContainerRecord(c.Name, c.Image, knobs.FaultFor(c.Image)) { CrashAfter = crashAfter }).ToList());
    }
}
