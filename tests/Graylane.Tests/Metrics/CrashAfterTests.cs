using System.Diagnostics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>The pod annotation graylane.io/crash-after: ready first, then the containers exit and CrashLoopBackOff, restarts counted in /metrics.</summary>
public class CrashAfterTests
{
    private const string Yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web, version: v1}
              annotations: {graylane.io/crash-after: 300ms}
            spec: {containers: [{name: web, image: "shop/web:1"}]}
        """;

    [Fact]
    public async Task Containers_run_ready_then_crash_after_the_annotated_time_and_back_off()
    {
        await using var c = await ClusterFixture.StartAsync(Yaml, "web"); // ready first: the crash comes later

        var clock = Stopwatch.StartNew();
        System.Text.Json.Nodes.JsonNode? status = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            status = c.Server.List("v1", "Pod", "default").Single()["status"]!["containerStatuses"]![0];
            if ((int?)status!["restartCount"] >= 2 && (string?)status["state"]?["waiting"]?["reason"] == "CrashLoopBackOff") break;
            await Task.Delay(50);
        }

        Assert.True((int?)status!["restartCount"] >= 2, status.ToJsonString());
        Assert.Equal("CrashLoopBackOff", (string?)status["state"]?["waiting"]?["reason"]);
        Assert.Equal("Error", (string?)status["lastState"]?["terminated"]?["reason"]);
        Assert.False((bool?)status["ready"]);
        // The metrics, from one scrape taken while the container is backing off.
        ExposedMetrics m;
        do m = await CanaryScenario.ScrapeAsync(c);
        while (m.Sum("kube_pod_container_status_waiting_reason", ("reason", "CrashLoopBackOff")) == 0 && clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.True(m.Sum("kube_pod_container_status_restarts_total", ("container", "web")) >= 1, m.Text);
        Assert.Equal(1, m.Sum("kube_pod_container_status_waiting_reason", ("container", "web"), ("reason", "CrashLoopBackOff")));
        Assert.Equal(1, m.Sum("kube_pod_container_status_last_terminated_reason", ("container", "web"), ("reason", "Error")));
        Assert.Equal(1, m.Sum("kube_pod_status_ready", ("condition", "false")));
    }
}
