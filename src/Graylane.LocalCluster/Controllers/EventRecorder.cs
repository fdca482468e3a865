using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// Writes core/v1 Events the way client-go's recorder does: one object per (object, type, reason,
/// message, source); a repeat increments count and lastTimestamp instead of creating a new object.
/// </summary>
internal sealed class EventRecorder(ObjectStore store, TimeProvider time)
{
    public const string NodeName = "local-node";

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private long _sequence;

    public void Normal(JsonObject involved, string reason, string message, string component, string? fieldPath = null) =>
        Record(involved, "Normal", reason, message, component, fieldPath);

    public void Warning(JsonObject involved, string reason, string message, string component, string? fieldPath = null) =>
        Record(involved, "Warning", reason, message, component, fieldPath);

    private void Record(JsonObject involved, string type, string reason, string message, string component, string? fieldPath)
    {
        var ns = Json.Namespace(involved);
        var key = string.Join('\u0001', Json.Uid(involved), fieldPath, type, reason, message, component);
        var now = Json.Timestamp(time.GetUtcNow());
        if (_names.TryGetValue(key, out var existing) &&
            StoreWrites.Mutate(store, BuiltInTypes.Events, ns, existing, statusOnly: false, e =>
            {
                e["count"] = (Json.Long(e["count"]) ?? 1) + 1;
                e["lastTimestamp"] = now;
                return true;
            }) is not null)
            return;

        // Real names are "<object>.<unix nanos in hex>"; a sequence keeps ours unique under a frozen test clock.
        var name = $"{Json.Name(involved)}.{time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Interlocked.Increment(ref _sequence):x}";
        var involvedObject = new JsonObject
        {
            ["kind"] = (string?)involved["kind"],
            ["namespace"] = ns,
            ["name"] = Json.Name(involved),
            ["uid"] = Json.Uid(involved),
            ["apiVersion"] = (string?)involved["apiVersion"],
            ["resourceVersion"] = (string?)Json.Metadata(involved)["resourceVersion"],
        };
        if (fieldPath is not null) involvedObject["fieldPath"] = fieldPath;
        var source = new JsonObject { ["component"] = component };
        if (component == "kubelet") source["host"] = NodeName;
        store.Create(BuiltInTypes.Events, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = involvedObject,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = source,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = component == "kubelet" ? NodeName : "",
        });
        _names[key] = name;
    }
}
