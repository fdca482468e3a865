using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Lanes;

namespace Graylane.Core.Manifests;

/// <summary>
/// Lane releases from manifests: a service changes when the pod template its Deployment has in the manifests differs
/// from its lane baseline's in anything but the lane itself (the version label, ASM's traffic tag, a version env var the
/// app reports) and restarts. The lane Deployment is then planned from the baseline with the manifests' pod spec, so it
/// keeps the baseline's name, labels and selector shape and runs what the manifests say.
/// </summary>
public static class LaneTemplates
{
    /// <summary>What the manifest's pod template changes against the baseline's, lane labels and restarts aside.</summary>
    public static IReadOnlyList<DiffEntry> Diff(JsonObject baseline, JsonObject manifestDeployment, string versionLabel) =>
        ObjectDiff.Compare(Normalized(baseline, versionLabel), Normalized(manifestDeployment, versionLabel), "spec.template");

    /// <summary>The baseline with the manifests' pod spec and template annotations: what the lane Deployment is planned from.</summary>
    public static JsonObject Source(JsonObject baseline, JsonObject manifestDeployment)
    {
        var source = (JsonObject)baseline.DeepClone();
        var template = Obj.Child(Obj.Child(source, "spec"), "template");
        template["spec"] = manifestDeployment["spec"]?["template"]?["spec"]?.DeepClone();
        var meta = Obj.Child(template, "metadata");
        if (manifestDeployment["spec"]?["template"]?["metadata"]?["annotations"] is JsonObject annotations) meta["annotations"] = annotations.DeepClone();
        else meta.Remove("annotations");
        return source;
    }

    private static JsonObject Normalized(JsonObject deployment, string versionLabel)
    {
        var spec = deployment["spec"] is JsonObject s ? ConfigVersioning.WithoutRestartAnnotations(s) : [];
        var template = spec["template"] as JsonObject ?? [];
        if (template["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(versionLabel);
            labels.Remove(LaneDeploymentPlanner.AsmTrafficTag);
        }
        foreach (var c in Obj.Objects(template["spec"]?["containers"]))
            foreach (var env in Obj.Objects(c["env"]))
                if ((string?)env["name"] == versionLabel && env["value"] is not null) env["value"] = "";
        return template;
    }
}
