using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class SubsetTests
{
    private static readonly RouteRequest Reviews = Requests.To("reviews", "bookinfo");

    [Fact]
    public void A_subset_narrows_the_selector_to_its_labels()
    {
        var view = InMemoryClusterView.FromYaml(Bookinfo.Reviews,
            Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews.bookinfo.svc.cluster.local, subset: v2, port: {number: 9080}}}]"));
        var paths = new RequestRouter(view, new Random(4)).RouteMany(Reviews, 50);
        Assert.All(paths, p => Assert.Equal("-> reviews(v2) -> ratings(v1)", p.Text));
        // replicas: 2 — both pods of the subset take traffic
        Assert.Equal(2, paths.Select(p => p.Hops[0].Pod).Distinct().Count());
    }

    [Fact]
    public void An_unknown_subset_is_Istios_503()
    {
        var view = InMemoryClusterView.FromYaml(Bookinfo.Reviews,
            Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews, subset: v4}}]"));
        var path = new RequestRouter(view).Route(Reviews);
        Assert.Equal("-> reviews(!) no subset v4 in DestinationRule for host reviews", path.Text);
    }

    [Fact]
    public void A_subset_without_ready_pods_says_so()
    {
        var view = InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews, subset: v3}}]"))
            .Delete("Deployment", "reviews-v3", "bookinfo");
        Assert.Equal("-> reviews(!) no ready endpoints in subset v3", new RequestRouter(view).Route(Reviews).Text);
    }

    [Fact]
    public void A_port_the_Service_lacks_is_an_error()
    {
        var view = InMemoryClusterView.FromYaml(Bookinfo.Reviews,
            Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews, subset: v1, port: {number: 8080}}}]"));
        Assert.Equal("Service bookinfo/reviews has no port 8080", new RequestRouter(view).Route(Reviews).Error);
    }

    [Fact]
    public void The_exact_host_DestinationRule_beats_a_wildcard_one()
    {
        const string wildcard = """
            apiVersion: networking.istio.io/v1beta1
            kind: DestinationRule
            metadata: {name: all, namespace: bookinfo, creationTimestamp: "2020-01-01T00:00:00Z"}
            spec:
              host: "*.bookinfo.svc.cluster.local"
              subsets:
              - name: v1
                labels: {version: v3}
            """;
        var view = InMemoryClusterView.FromYaml(wildcard, Bookinfo.Reviews,
            Bookinfo.ReviewsVs("  - route: [{destination: {host: reviews, subset: v1}}]"));
        Assert.Equal("-> reviews(v1)", new RequestRouter(view).Route(Reviews).Text);
        view.Delete("DestinationRule", "reviews", "bookinfo");
        Assert.Equal("-> reviews(v3) -> ratings(v1)", new RequestRouter(view).Route(Reviews).Text);
    }
}
