using k8s;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Injected faults as clients see them, and the request log.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_503_for_one_request_then_normal_service()
    {
        await using var c = await TestCluster.StartAsync();
        var rule = c.Server.Faults.Fail(503, verb: "get", resource: "configmaps", times: 1);
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        var status = await StatusAssert.ThrowsStatusAsync(503, () => c.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));
        Assert.Equal("ServiceUnavailable", (string?)status["reason"]);
        Assert.NotNull(await c.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));
        Assert.Equal(1, rule.Fired);
        Assert.Equal(2, rule.Matched);
    }

    [Fact]
    public async Task A_429_carries_Retry_After_and_the_nth_rule_fires_once()
    {
        await using var c = await TestCluster.StartAsync();
        c.Server.Faults.Fail(429, resource: "configmaps", nth: 2, retryAfterSeconds: 3);
        using var first = await c.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        using var second = await c.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        using var third = await c.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        Assert.Equal([200, 429, 200], new[] { first, second, third }.Select(r => (int)r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Denied_writes_are_403_like_RBAC_and_reads_still_work()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Client.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("x"), "default");
        c.Server.Faults.DenyWrites(resource: "deployments");
        var status = await StatusAssert.ThrowsStatusAsync(403, () => c.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new k8s.Models.V1Patch("""{"spec":{"replicas":3}}""", k8s.Models.V1Patch.PatchType.MergePatch), "x", "default"));
        Assert.Equal(
            "deployments.apps \"x\" is forbidden: User \"system:serviceaccount:ci:graylane\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"default\"",
            (string?)status["message"]);
        Assert.NotNull(await c.Client.AppsV1.ReadNamespacedDeploymentAsync("x", "default"));
        c.Server.Faults.Clear();
        await c.Client.AppsV1.DeleteNamespacedDeploymentAsync("x", "default");
    }

    [Fact]
    public async Task Aborted_connections_surface_as_transport_errors()
    {
        await using var c = await TestCluster.StartAsync();
        c.Server.Faults.AbortConnection(verb: "list", times: 1);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Client.CoreV1.ListNamespacedConfigMapAsync("default"));
        Assert.NotNull(await c.Client.CoreV1.ListNamespacedConfigMapAsync("default"));
    }

    [Fact]
    public async Task Request_log_counts_every_request_and_the_writes()
    {
        await using var c = await TestCluster.StartAsync();
        c.Server.Requests.Clear();
        await c.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        await c.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        await c.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await c.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        await c.Server.Requests.WaitSettledAsync(); // the delete is logged just after it was answered
        var entries = c.Server.Requests.Entries;
        Assert.Equal(["create", "get", "list", "delete"], entries.Select(e => e.Verb));
        Assert.Equal(2, c.Server.Requests.Writes);
        Assert.All(entries, e => Assert.Equal("configmaps", e.Resource));
        Assert.Equal("a", entries[1].Name);
        Assert.Equal(201, entries[0].StatusCode);
        Assert.True(entries[0].BytesIn > 0 && entries[1].BytesOut > 0);
    }

    [Fact]
    public async Task Extra_endpoints_bypass_the_Kubernetes_routes()
    {
        await using var c = await TestCluster.StartAsync();
        c.Server.MapEndpoint("/graylane/route", ctx => ctx.Response.WriteAsync("routed " + ctx.Request.Path));
        using var http = new HttpClient();
        Assert.Equal("routed /graylane/route/x", await http.GetStringAsync(new Uri(c.Server.Url, "/graylane/route/x")));
        Assert.Equal(0, c.Server.Requests.Entries.Count(e => e.Path.StartsWith("/graylane")));
    }
}
