using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// The apps/v1 and batch/v1 workload rules kubectl users meet, worded as the API server words them: a selector is
/// required, not empty, and must match the pod template's labels; pods of a Deployment, ReplicaSet or DaemonSet restart
/// Always, a Job's OnFailure or Never; and on update the selector is immutable (a StatefulSet allows only a few spec
/// fields to change, a Job neither its selector, its template, its completions nor its policies).
/// </summary>
internal static class WorkloadValidation
{
    /// <summary>kind → the word the "empty selector is invalid for …" message uses.</summary>
    private static readonly Dictionary<string, string> EmptySelectorWord = new()
    {
        ["Deployment"] = "deployment", ["ReplicaSet"] = "deployment", ["StatefulSet"] = "statefulset", ["DaemonSet"] = "daemonset",
    };

    private static readonly string[] StatefulSetMutable =
        ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static void Validate(JsonObject obj, JsonObject? old, string kind, List<FieldError> errors)
    {
        if (kind == "Job") ValidateJob(obj, old, errors);
        else if (kind == "ReplicationController") ValidateReplicationController(obj, errors);
        else ValidateApps(obj, old, kind, errors);
    }

    private static void ValidateApps(JsonObject obj, JsonObject? old, string kind, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec.selector"));
            errors.Add(FieldError.Required("spec.template.spec.containers"));
            return;
        }
        if (kind != "DaemonSet" && spec["replicas"] is { } replicas && (replicas.Long() ?? 0) < 0)
            errors.Add(FieldError.Invalid("spec.replicas", replicas.DeepClone(), "must be greater than or equal to 0"));
        var selector = spec["selector"] as JsonObject;
        if (selector is null) errors.Add(FieldError.Required("spec.selector"));
        else
        {
            MetadataValidator.ValidateLabels(selector["matchLabels"], "spec.selector.matchLabels", errors);
            var parsed = LabelSelector.FromObject(selector);
            if (parsed.IsEmpty)
                errors.Add(FieldError.Invalid("spec.selector", GoJson.LabelSelector(selector), $"empty selector is invalid for {EmptySelectorWord[kind]}"));
            else if (!parsed.Matches(JsonHelpers.StringMap(spec["template"]?["metadata"]?["labels"])))
                errors.Add(TemplateLabelsMismatch(spec));
        }
        MetadataValidator.ValidateLabels(spec["template"]?["metadata"]?["labels"], "spec.template.metadata.labels", errors);
        PodSpecValidation.Validate(spec["template"]?["spec"], "spec.template.spec", errors);
        if (spec["template"]?["spec"]?["restartPolicy"].Str() is { } restart and not "Always")
            errors.Add(FieldError.NotSupported("spec.template.spec.restartPolicy", restart, ["\"Always\""]));

        if (old is null) return;
        if (kind == "StatefulSet")
        {
            if (!SameExcept(spec, old["spec"] as JsonObject, StatefulSetMutable))
                errors.Add(FieldError.Forbidden("spec",
                    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        else ImmutableSelector(spec, old, errors);
    }

    private static void ValidateJob(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var selector = spec["selector"] as JsonObject;
        if (selector is null) errors.Add(FieldError.Required("spec.selector"));
        else
        {
            MetadataValidator.ValidateLabels(selector["matchLabels"], "spec.selector.matchLabels", errors);
            var manual = spec["manualSelector"] is JsonValue m && m.TryGetValue<bool>(out var b) && b;
            if (manual && !LabelSelector.FromObject(selector).Matches(JsonHelpers.StringMap(spec["template"]?["metadata"]?["labels"])))
                errors.Add(TemplateLabelsMismatch(spec));
        }
        PodSpecValidation.Validate(spec["template"]?["spec"], "spec.template.spec", errors);
        var restart = spec["template"]?["spec"]?["restartPolicy"].Str() ?? "Always"; // a pod's default
        if (restart is not ("OnFailure" or "Never"))
            errors.Add(FieldError.NotSupported("spec.template.spec.restartPolicy", restart, ["\"OnFailure\"", "\"Never\""]));

        if (old?["spec"] is not JsonObject oldSpec) return;
        // In ValidateJobSpecUpdate's order. completions may change only for an Indexed Job scaled elastically
        // (completions == parallelism).
        var elastic = spec["completionMode"].Str() == "Indexed" && spec["completions"] is { } n && JsonNode.DeepEquals(n, spec["parallelism"]);
        if (!elastic && !JsonNode.DeepEquals(spec["completions"], oldSpec["completions"]))
            errors.Add(FieldError.Invalid("spec.completions", spec["completions"]?.DeepClone(), "field is immutable"));
        ImmutableSelector(spec, old, errors);
        if (!JsonNode.DeepEquals(spec["template"], oldSpec["template"]))
            errors.Add(FieldError.Invalid("spec.template", spec["template"]?.DeepClone(), "field is immutable"));
        foreach (var field in new[] { "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy", "podReplacementPolicy" })
            if (!JsonNode.DeepEquals(spec[field], oldSpec[field]))
                errors.Add(FieldError.Invalid($"spec.{field}", spec[field]?.DeepClone(), "field is immutable"));
    }

    /// <summary>A ReplicationController's selector is a plain map (defaulted from the template's labels) that must match them.</summary>
    private static void ValidateReplicationController(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var selector = JsonHelpers.StringMap(spec["selector"]);
        if (selector.Count == 0) errors.Add(FieldError.Required("spec.selector"));
        else if (JsonHelpers.StringMap(spec["template"]?["metadata"]?["labels"]) is var labels &&
                 !selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
            errors.Add(TemplateLabelsMismatch(spec));
        if (spec["template"] is null) errors.Add(FieldError.Required("spec.template"));
        else PodSpecValidation.Validate(spec["template"]?["spec"], "spec.template.spec", errors);
    }

    private static FieldError TemplateLabelsMismatch(JsonObject spec) =>
        FieldError.Invalid("spec.template.metadata.labels", GoJson.SortedMap(spec["template"]?["metadata"]?["labels"]),
            "`selector` does not match template `labels`");

    private static void ImmutableSelector(JsonObject spec, JsonObject old, List<FieldError> errors)
    {
        var before = GoJson.LabelSelector(old["spec"]?["selector"]);
        var after = GoJson.LabelSelector(spec["selector"]);
        if (!JsonNode.DeepEquals(before, after)) errors.Add(FieldError.Invalid("spec.selector", after, "field is immutable"));
    }

    private static bool SameExcept(JsonObject spec, JsonObject? old, string[] mutable)
    {
        static JsonObject Without(JsonObject? o, string[] keys)
        {
            var copy = (JsonObject?)o?.DeepClone() ?? new JsonObject();
            foreach (var k in keys) copy.Remove(k);
            return copy;
        }
        return JsonNode.DeepEquals(Without(spec, mutable), Without(old, mutable));
    }
}
