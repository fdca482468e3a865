using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Planning.Lanes;

/// <summary>A service's Deployment in a lane: the baseline's copy with the lane as its version (GrayDeploymentPlanner) and its image.</summary>
public static class LaneDeploymentPlanner
{
    /// <summary>ASM's traffic tag label, set by the seed next to the version label; kept in step with it.</summary>
    public const string AsmTrafficTag = "ASM_TRAFFIC_TAG";

    public static JsonObject Plan(JsonObject baseline, string app, string lane, string versionLabel, string image, int? replicas = null)
    {
        var baseName = GrayDeploymentPlanner.BaseNameOf(baseline, versionLabel);
        var images = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = image };
        var gray = GrayDeploymentPlanner.Plan(baseline, new GrayPlan(app, GrayDeploymentPlanner.GrayName(baseName, lane), baseName, versionLabel, lane, images, replicas));
        var spec = Obj.Child(gray, "spec");
        foreach (var labels in new[] { Obj.Child(Obj.Child(spec, "selector"), "matchLabels"), Obj.Child(Obj.Child(Obj.Child(spec, "template"), "metadata"), "labels") })
            if (labels.ContainsKey(AsmTrafficTag)) labels[AsmTrafficTag] = lane;
        foreach (var c in Obj.Objects(spec["template"]?["spec"]?["containers"]))
            foreach (var env in Obj.Objects(c["env"]))
                if ((string?)env["name"] == versionLabel && env["value"] is not null) env["value"] = lane; // the seed's apps report their version from env
        return gray;
    }
}
