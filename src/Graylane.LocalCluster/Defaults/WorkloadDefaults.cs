using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Defaults;

/// <summary>
/// Job and ReplicationController defaults as the API server sets them: a Job's scalar defaults, and on create (unless
/// manualSelector) the generated selector on its own uid with the job-name and controller-uid template labels; a
/// ReplicationController's selector and replicas from its template.
/// </summary>
internal static class WorkloadDefaults
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    public static void Job(JsonObject job, bool create)
    {
        var spec = job["spec"] as JsonObject ?? (JsonObject)(job["spec"] = new JsonObject());
        spec["parallelism"] ??= 1;
        spec["completions"] ??= 1;
        spec["backoffLimit"] ??= 6;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
        var manual = spec["manualSelector"] is JsonValue m && m.TryGetValue<bool>(out var b) && b;
        spec["manualSelector"] ??= false;
        if (!create || manual) return;

        // The selector names the Job's own uid, so the uid is given here rather than by the store.
        var meta = job.Meta();
        var uid = meta["uid"].Str() is { Length: > 0 } given ? given : (string)(meta["uid"] = Guid.NewGuid().ToString())!;
        var template = spec["template"] as JsonObject ?? (JsonObject)(spec["template"] = new JsonObject());
        var templateMeta = template["metadata"] as JsonObject ?? (JsonObject)(template["metadata"] = new JsonObject());
        var labels = templateMeta["labels"] as JsonObject ?? (JsonObject)(templateMeta["labels"] = new JsonObject());
        foreach (var key in new[] { "job-name", JobNameLabel }) labels[key] ??= job.Name();
        foreach (var key in new[] { "controller-uid", ControllerUidLabel }) labels[key] ??= uid;
        var selector = spec["selector"] as JsonObject ?? (JsonObject)(spec["selector"] = new JsonObject());
        var matchLabels = selector["matchLabels"] as JsonObject ?? (JsonObject)(selector["matchLabels"] = new JsonObject());
        matchLabels[ControllerUidLabel] ??= uid;
    }

    public static void ReplicationController(JsonObject rc)
    {
        var spec = rc["spec"] as JsonObject ?? (JsonObject)(rc["spec"] = new JsonObject());
        var labels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        if (spec["selector"] is not JsonObject { Count: > 0 } && labels is { Count: > 0 }) spec["selector"] = labels.DeepClone();
        spec["replicas"] ??= 1;
    }
}
