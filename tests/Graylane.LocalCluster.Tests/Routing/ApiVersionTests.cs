using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class ApiVersionTests
{
    /// <summary>A view that serves different objects per apiVersion, as a store keeping each applied version might.</summary>
    private sealed class PerVersionView(InMemoryClusterView baseView, Dictionary<string, List<JsonObject>> extra) : IClusterView
    {
        public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns) =>
            kind == "VirtualService" ? extra.GetValueOrDefault(apiVersion) ?? [] : baseView.List(apiVersion, kind, ns);
    }

    private static JsonObject Vs(string apiVersion, string subset) => (JsonObject)YamlToJson.Parse($$$"""
        apiVersion: {{{apiVersion}}}
        kind: VirtualService
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews, subset: {{{subset}}}}}]}]
        """)!;

    [Fact]
    public void Every_Istio_version_is_read_and_the_newest_copy_of_an_object_wins()
    {
        var view = new PerVersionView(InMemoryClusterView.FromYaml(Bookinfo.Reviews), new()
        {
            ["networking.istio.io/v1alpha3"] = [Vs("networking.istio.io/v1alpha3", "v3")],
            ["networking.istio.io/v1"] = [Vs("networking.istio.io/v1", "v2")],
        });
        Assert.Equal("-> reviews(v2) -> ratings(v1)", new RequestRouter(view).Route(Requests.To("reviews", "bookinfo")).Text);

        var old = new PerVersionView(InMemoryClusterView.FromYaml(Bookinfo.Reviews), new()
        {
            ["networking.istio.io/v1alpha3"] = [Vs("networking.istio.io/v1alpha3", "v3")],
        });
        Assert.Equal("-> reviews(v3) -> ratings(v1)", new RequestRouter(old).Route(Requests.To("reviews", "bookinfo")).Text);
    }
}
