using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>Who calls whom: the graylane.io/calls annotation, else the http(s) URLs in the containers' environment.</summary>
public class CallGraphTests
{
    private static string Service(string name, string ns = "default") => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {selector: {app: {{name}}}, ports: [{name: http, port: 8000}]}
        """;

    /// <summary>A Deployment "name-v1" (pods labelled version: v1 unless versionLabel is false) with the given env values.</summary>
    private static string App(string name, string ns = "default", bool versionLabel = true, string? annotation = null, params string[] env)
    {
        var labels = versionLabel ? $"{{app: {name}, version: v1}}" : $"{{app: {name}}}";
        var annotations = annotation is null ? "{}" : $"{{graylane.io/calls: \"{annotation}\"}}";
        var vars = string.Concat(env.Select((v, i) => $"\n          - {{name: VAR_{i}, value: \"{v}\"}}"));
        return $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{name}}-v1, namespace: {{ns}}}
            spec:
              selector: {matchLabels: {{labels}}}
              template:
                metadata: {labels: {{labels}}, annotations: {{annotations}}}
                spec:
                  containers:
                  - name: app
                    image: app:1
                    env: [{name: PLAIN, value: "not a url"}]
                  - name: sidecar
                    image: side:1
                    env:{{(vars.Length == 0 ? " []" : vars)}}
            """;
    }

    [Theory]
    [InlineData("http://back:8000/")]
    [InlineData("https://back/api")]
    [InlineData("http://back.default.svc:8000")]
    [InlineData("http://back.default.svc.cluster.local:8000/v1/items?x=1")]
    public void An_env_url_naming_a_service_is_a_call(string url)
    {
        var view = InMemoryClusterView.FromYaml(Service("front"), App("front", env: url), Service("back"), App("back"));
        Assert.Equal("-> front(v1) -> back(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void A_full_domain_reaches_a_service_of_another_namespace()
    {
        var view = InMemoryClusterView.FromYaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: data}",
            Service("front"), App("front", env: "http://store.data.svc.cluster.local:8000/"), Service("store", "data"), App("store", "data"));
        Assert.Equal("-> front(v1) -> store(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void Urls_that_name_no_service_and_calls_to_itself_are_not_calls()
    {
        var view = InMemoryClusterView.FromYaml(Service("front"),
            App("front", env: ["https://api.example.com/", "http://missing:8000/", "http://front:8000/health", "ftp://back/", "back"]),
            Service("back"), App("back"));
        Assert.Equal("-> front(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void Several_upstreams_are_called_in_the_order_of_the_environment_once_each()
    {
        var view = InMemoryClusterView.FromYaml(Service("front"), App("front", env: ["http://c:8000/", "http://b:8000/", "http://c:8000/other"]),
            Service("b"), App("b"), Service("c"), App("c"));
        Assert.Equal("-> front(v1) -> c(v1) -> b(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void The_annotation_overrides_the_environment()
    {
        var view = InMemoryClusterView.FromYaml(Service("front"), App("front", annotation: "c", env: "http://b:8000/"),
            Service("b"), App("b"), Service("c"), App("c"));
        Assert.Equal("-> front(v1) -> c(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void A_url_from_a_config_map_is_a_call()
    {
        var view = InMemoryClusterView.FromYaml(Service("front"), Service("back"), App("back"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: urls}
            data: {UPSTREAM: "http://back:8000/"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: front-v1}
            spec:
              selector: {matchLabels: {app: front, version: v1}}
              template:
                metadata: {labels: {app: front, version: v1}}
                spec:
                  containers:
                  - name: app
                    image: app:1
                    env: [{name: UPSTREAM, valueFrom: {configMapKeyRef: {name: urls, key: UPSTREAM}}}]
            """);
        Assert.Equal("-> front(v1) -> back(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("front")).Text);
    }

    [Fact]
    public void A_pod_without_a_version_label_shows_its_deployment()
    {
        var view = InMemoryClusterView.FromYaml(Service("web"), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-canary-6f7d8-x2x9q
              labels: {app: web, pod-template-hash: 6f7d8}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-canary-6f7d8, controller: true, uid: u1}]
            status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
            """);
        Assert.Equal("-> web(web-canary)", new RequestRouter(view, new Random(1)).Route(Requests.To("web")).Text);
    }

    [Fact]
    public void A_pod_with_a_version_label_shows_the_version()
    {
        var view = InMemoryClusterView.FromYaml(Service("web"), App("web"));
        Assert.Equal("-> web(v1)", new RequestRouter(view, new Random(1)).Route(Requests.To("web")).Text);
        var unlabelled = InMemoryClusterView.FromYaml(Service("web"), App("web", versionLabel: false));
        Assert.Equal("-> web(web-v1)", new RequestRouter(unlabelled, new Random(1)).Route(Requests.To("web")).Text);
    }
}
