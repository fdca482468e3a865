using System.Text.Json.Nodes;
using Graylane.Core.Planning.Replicas;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning.Replicas;

public class AutoscalerPauseTests
{
    private static JsonObject Hpa(string target = "web", string behavior = "") => J.O(
        "{'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'" + target + "-hpa','namespace':'default'}," +
        "'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'" + target + "'},'minReplicas':3,'maxReplicas':5," +
        "'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':70}}}]" + behavior + "}}");

    [Fact]
    public void Only_autoscalers_of_the_baseline_deployment_are_paused()
    {
        var other = Hpa("api");
        var rs = Hpa();
        rs["spec"]!["scaleTargetRef"]!["kind"] = "ReplicaSet";
        Assert.Equal(["web-hpa"], AutoscalerPause.Targeting([Hpa(), other, rs], "web").Select(h => (string)h["metadata"]!["name"]!));
    }

    [Fact]
    public void A_pause_disables_both_directions_and_widens_the_bounds_the_controller_enforces_before_behavior()
    {
        var hpa = Hpa(behavior: ",'behavior':{'scaleDown':{'stabilizationWindowSeconds':120}}");
        Assert.False(AutoscalerPause.IsPaused(hpa, 10));
        var paused = AutoscalerPause.Paused(hpa, 10);
        Assert.True(AutoscalerPause.IsPaused(paused, 10));
        Assert.False(AutoscalerPause.IsPaused(paused, 11));   // a larger total needs a higher maxReplicas
        Assert.Equal("Disabled", (string?)paused["spec"]!["behavior"]!["scaleUp"]!["selectPolicy"]);
        Assert.Equal("Disabled", (string?)paused["spec"]!["behavior"]!["scaleDown"]!["selectPolicy"]);
        Assert.Equal(120, (int)paused["spec"]!["behavior"]!["scaleDown"]!["stabilizationWindowSeconds"]!);
        Assert.Equal(1, (int)paused["spec"]!["minReplicas"]!);    // below minReplicas the HPA scales up whatever behavior says
        Assert.Equal(10, (int)paused["spec"]!["maxReplicas"]!);   // above maxReplicas it scales down
        Assert.Equal(hpa["spec"]!["metrics"]!.ToJsonString(), paused["spec"]!["metrics"]!.ToJsonString());
    }

    [Fact]
    public void Resume_puts_back_exactly_the_fields_the_pause_changed_and_keeps_other_changes()
    {
        var before = Hpa();
        var live = AutoscalerPause.Paused(before, 8);
        live["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"] = 60;   // someone's change meanwhile
        var resumed = AutoscalerPause.Resumed(live, before);
        Assert.Null(resumed["spec"]!["behavior"]);                // it had none
        Assert.Equal(3, (int)resumed["spec"]!["minReplicas"]!);
        Assert.Equal(5, (int)resumed["spec"]!["maxReplicas"]!);
        Assert.Equal(60, (int)resumed["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!);
        Assert.Equal(AutoscalerPause.Managed(before).ToJsonString(), AutoscalerPause.Managed(resumed).ToJsonString());
    }
}
