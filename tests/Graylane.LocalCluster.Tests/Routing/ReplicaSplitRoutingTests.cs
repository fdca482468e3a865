using System.Text;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// One Service in front of two Deployments (a canary by replica counts): requests spread over the ready endpoints, so the
/// versions' shares are their shares of the ready pods; pods that are not ready or terminating get nothing.
/// </summary>
public class ReplicaSplitRoutingTests
{
    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
        """;

    private static string Pod(string name, string version, string ready = "True", bool terminating = false) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}, namespace: shop, labels: {app: web, version: {{version}}}{{(terminating ? ", deletionTimestamp: \"2026-01-01T00:00:00Z\"" : "")}}}
        status: {phase: Running, conditions: [{type: Ready, status: "{{ready}}"}]}
        """;

    private static InMemoryClusterView Cluster(int v1, int v2, int v2NotReady = 0, int v1Terminating = 0)
    {
        var yaml = new StringBuilder(Service);
        for (var i = 0; i < v1; i++) yaml.Append("\n---\n").Append(Pod($"web-v1-{i}", "v1"));
        for (var i = 0; i < v2; i++) yaml.Append("\n---\n").Append(Pod($"web-v2-{i}", "v2"));
        for (var i = 0; i < v2NotReady; i++) yaml.Append("\n---\n").Append(Pod($"web-v2-starting-{i}", "v2", ready: "False"));
        for (var i = 0; i < v1Terminating; i++) yaml.Append("\n---\n").Append(Pod($"web-v1-old-{i}", "v1", terminating: true));
        return InMemoryClusterView.FromYaml(yaml.ToString());
    }

    [Theory]
    [InlineData(4, 1, 100, 80, 20)]
    [InlineData(3, 2, 20, 12, 8)]
    [InlineData(1, 1, 10, 5, 5)]
    [InlineData(0, 5, 15, 0, 15)]
    public void Requests_split_in_proportion_to_the_ready_pods(int v1, int v2, int count, int toV1, int toV2)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var paths = new RequestRouter(Cluster(v1, v2), new Random(seed)).RouteMany(Requests.To("web", "shop"), count);
            Assert.All(paths, p => Assert.Null(p.Error));
            Assert.Equal(toV1, paths.Count(p => p.Text == "-> web(v1)"));
            Assert.Equal(toV2, paths.Count(p => p.Text == "-> web(v2)"));
            // Every ready pod takes its turn.
            Assert.Equal(v1 + v2, paths.Select(p => p.Hops[0].Pod).Distinct().Count());
        }
    }

    [Fact]
    public void Pods_not_ready_or_terminating_take_no_requests()
    {
        var paths = new RequestRouter(Cluster(v1: 4, v2: 1, v2NotReady: 3, v1Terminating: 2), new Random(3)).RouteMany(Requests.To("web", "shop"), 50);
        Assert.Equal(40, paths.Count(p => p.Text == "-> web(v1)"));
        Assert.Equal(10, paths.Count(p => p.Text == "-> web(v2)"));
        Assert.DoesNotContain(paths, p => p.Hops[0].Pod!.Contains("starting") || p.Hops[0].Pod!.Contains("old"));
    }

    [Fact]
    public void A_single_request_still_lands_on_a_random_pod()
    {
        var seen = Enumerable.Range(0, 40)
            .Select(seed => new RequestRouter(Cluster(1, 1), new Random(seed)).Route(Requests.To("web", "shop")).Text)
            .ToHashSet();
        Assert.Equal(["-> web(v1)", "-> web(v2)"], seen.Order());
    }

    [Fact]
    public void The_tally_shows_the_split()
    {
        var paths = new RequestRouter(Cluster(4, 1), new Random(1)).RouteMany(Requests.To("web", "shop"), 100);
        Assert.Equal("   80  80.0%  -> web(v1)\n   20  20.0%  -> web(v2)", RequestRouter.Tally(paths));
    }
}
