using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class ServiceSelectorRoutingTests
{
    private const string Nginx = """
        apiVersion: v1
        kind: Service
        metadata: {name: nginx, namespace: web}
        spec:
          selector: {app: nginx}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: nginx-v1-a, namespace: web, labels: {app: nginx, version: v1}}
        status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: nginx-v2-a, namespace: web, labels: {app: nginx, version: v2}}
        status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: nginx-v3-a, namespace: web, labels: {app: nginx, version: v3}}
        status: {phase: Running, conditions: [{type: Ready, status: "False"}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: other, namespace: web, labels: {app: other, version: v9}}
        status: {phase: Running}
        """;

    [Fact]
    public void Without_a_VirtualService_the_selector_spreads_over_all_ready_pods()
    {
        var router = new RequestRouter(InMemoryClusterView.FromYaml(Nginx), new Random(7));
        var paths = router.RouteMany(Requests.To("nginx", "web"), 400);
        Assert.All(paths, p => Assert.Null(p.Error));
        Assert.InRange(paths.Share("-> nginx(v1)"), 0.4, 0.6);
        Assert.InRange(paths.Share("-> nginx(v2)"), 0.4, 0.6);
        Assert.DoesNotContain(paths, p => p.Text.Contains("v3") || p.Text.Contains("v9"));
        Assert.Contains(paths[0].Hops[0].Pod, new[] { "nginx-v1-a", "nginx-v2-a" });
    }

    [Theory]
    [InlineData("nginx.web")]
    [InlineData("nginx.web.svc")]
    [InlineData("nginx.web.svc.cluster.local")]
    [InlineData("nginx.web.svc.cluster.local:80")]
    public void Every_service_host_form_resolves(string host)
    {
        var path = new RequestRouter(InMemoryClusterView.FromYaml(Nginx)).Route(Requests.To(host, "elsewhere"));
        Assert.Null(path.Error);
        Assert.Equal("nginx", path.Hops.Single().Service);
    }

    [Fact]
    public void No_ready_pod_is_an_error_on_that_service()
    {
        var view = InMemoryClusterView.FromYaml(Nginx).Delete("Pod", "nginx-v1-a", "web").Delete("Pod", "nginx-v2-a", "web");
        var path = new RequestRouter(view).Route(Requests.To("nginx", "web"));
        Assert.Equal("-> nginx(!) no ready endpoints", path.Text);
        Assert.Equal(Hop.ErrorNote, path.Hops.Single().Note);
    }

    [Fact]
    public void Unknown_service_is_an_error()
    {
        var path = new RequestRouter(InMemoryClusterView.FromYaml(Nginx)).Route(Requests.To("nope", "web"));
        Assert.Equal("-> nope(!) no Service web/nope", path.Text);
    }

    [Fact]
    public void Version_label_is_configurable()
    {
        var view = InMemoryClusterView.FromYaml(Nginx.Replace("version:", "track:"));
        var path = new RequestRouter(view, new Random(1), versionLabel: "track").Route(Requests.To("nginx", "web"));
        Assert.Matches(@"^-> nginx\(v[12]\)$", path.Text);
    }
}
