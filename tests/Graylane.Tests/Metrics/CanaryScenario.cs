using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>Bookinfo's reviews on Istio with v2 deployed gray by Graylane and a share of the traffic shifted to it.</summary>
public static class CanaryScenario
{
    public static async Task<ClusterFixture> StartAsync(int weight)
    {
        var c = await ClusterFixture.StartAsync(Bookinfo.Reviews, "reviews-v1");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"));
        Assert.True(code == 0, host.Log);
        (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", weight.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(code == 0, host.Log);
        return c;
    }

    public static RouteRequest ToReviews => RouteRequest.To("default", "reviews");

    /// <summary>Sets an annotation on the running pods of a version, as `kubectl annotate pod -l version=v2 ...` does (a JSON merge patch through the API).</summary>
    public static async Task AnnotatePodsAsync(ClusterFixture c, string version, string key, string value)
    {
        using var http = new HttpClient { BaseAddress = c.Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new Graylane.LocalCluster.LocalClusterOptions().Token);
        var pods = c.Server.List("v1", "Pod", "default").Where(p => (string?)p["metadata"]?["labels"]?["version"] == version).ToList();
        Assert.NotEmpty(pods);
        foreach (var pod in pods)
        {
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } };
            using var body = new StringContent(patch.ToJsonString(), Encoding.UTF8);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
            using var r = await http.PatchAsync($"/api/v1/namespaces/default/pods/{pod["metadata"]!["name"]}", body);
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The release record of reviews as stored in the cluster.</summary>
    public static Graylane.Core.Model.ReleaseRecord Record(ClusterFixture c) => Graylane.Core.Json.GraylaneJson.Deserialize(
        (string)c.Server.Get("v1", "ConfigMap", "default", Graylane.Engine.Records.ReleaseStore.ConfigMapName("reviews"))!["data"]![Graylane.Engine.Records.ReleaseStore.DataKey]!);

    public static async Task<ExposedMetrics> ScrapeAsync(ClusterFixture c)
    {
        using var http = new HttpClient();
        using var r = await http.GetAsync(c.Server.MetricsUrl);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", r.Content.Headers.ContentType?.ToString());
        return new ExposedMetrics(await r.Content.ReadAsStringAsync());
    }
}
