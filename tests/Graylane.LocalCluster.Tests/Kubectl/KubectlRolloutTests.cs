namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>
/// The day-to-day commands on a Deployment, with the controllers running: wait, set image, rollout status/history/undo,
/// label, and scale with a server-side dry run — each checked in what the server then holds.
/// </summary>
public sealed class KubectlRolloutTests
{
    [KubectlFact]
    public async Task Wait_set_image_rollout_undo_label_and_a_dry_run_scale()
    {
        await using var c = await TestCluster.StartAsync(controllers: true);
        c.Server.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(50);
        var k = new KubectlRunner(c);
        string Image() => (string)c.Server.Get("apps/v1", "Deployment", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

        await k.OkAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2");
        Assert.Contains("deployment.apps/web condition met", await k.OkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=30s"));

        Assert.Contains("deployment.apps/web image updated", await k.OkAsync("set", "image", "deployment/web", "nginx=nginx:1.28"));
        Assert.Equal("nginx:1.28", Image());
        Assert.Contains("successfully rolled out", await k.OkAsync("rollout", "status", "deployment/web", "--timeout=30s"));
        var history = await k.OkAsync("rollout", "history", "deployment/web");
        Assert.Contains("1 ", history);
        Assert.Contains("2 ", history);

        Assert.Contains("deployment.apps/web rolled back", await k.OkAsync("rollout", "undo", "deployment/web"));
        Assert.Equal("nginx:1.27", Image());
        Assert.Contains("successfully rolled out", await k.OkAsync("rollout", "status", "deployment/web", "--timeout=30s"));
        Assert.Contains("deployment.apps/web condition met", await k.OkAsync("wait", "--for=jsonpath={.status.readyReplicas}=2", "deployment/web", "--timeout=30s"));

        Assert.Contains("deployment.apps/web labeled", await k.OkAsync("label", "deployment", "web", "team=shop"));
        Assert.Equal("shop", (string?)c.Server.Get("apps/v1", "Deployment", "default", "web")!["metadata"]!["labels"]!["team"]);

        Assert.Contains("deployment.apps/web scaled (server dry run)", await k.OkAsync("scale", "deployment", "web", "--replicas=5", "--dry-run=server"));
        Assert.Equal(2, (int?)c.Server.Get("apps/v1", "Deployment", "default", "web")!["spec"]!["replicas"]);
        Assert.Contains("deployment.apps/web scaled", await k.OkAsync("scale", "deployment", "web", "--replicas=3"));
        Assert.Contains("deployment.apps/web condition met", await k.OkAsync("wait", "--for=jsonpath={.status.readyReplicas}=3", "deployment/web", "--timeout=30s"));
    }

    /// <summary>
    /// `rollout undo` sends the old ReplicaSet's template back, with the `creationTimestamp: null` Go writes into it; a real
    /// server decodes that as no timestamp, so the Deployment controller finds the old ReplicaSet and scales it up again
    /// (same name, same pod-template-hash) instead of creating a third one.
    /// </summary>
    [KubectlFact]
    public async Task Rollout_undo_after_a_restart_brings_back_the_applied_replica_set()
    {
        await using var c = await TestCluster.StartAsync(controllers: true);
        c.Server.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(50);
        var k = new KubectlRunner(c);
        var file = k.WriteFile("web.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: registry.example.com/shop/web:1.0
            """);
        await k.OkAsync("apply", "-f", file);
        await k.OkAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var applied = c.Server.List("apps/v1", "ReplicaSet", "default").Select(rs => (string)rs["metadata"]!["name"]!).Single();

        await k.OkAsync("rollout", "restart", "deployment/web");
        await k.OkAsync("rollout", "status", "deployment/web", "--timeout=30s");
        Assert.Contains("deployment.apps/web rolled back", await k.OkAsync("rollout", "undo", "deployment/web"));
        await k.OkAsync("rollout", "status", "deployment/web", "--timeout=30s");

        var sets = c.Server.List("apps/v1", "ReplicaSet", "default").ToDictionary(rs => (string)rs["metadata"]!["name"]!, rs => (int?)rs["spec"]!["replicas"]);
        Assert.True(2 == sets.Count, string.Join("\n", c.Server.List("apps/v1", "ReplicaSet", "default").Select(rs => rs["spec"]!["template"]!.ToJsonString())));
        Assert.Equal(2, sets[applied]);
    }
}
