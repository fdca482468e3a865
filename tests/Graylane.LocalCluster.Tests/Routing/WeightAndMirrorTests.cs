using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class WeightAndMirrorTests
{
    private static readonly RouteRequest Reviews = Requests.To("reviews", "bookinfo");

    private static IReadOnlyList<RoutePath> Send(string routes, int seed, int count = 1000) =>
        new RequestRouter(InMemoryClusterView.FromYaml(Bookinfo.Reviews, Bookinfo.ReviewsVs(routes)), new Random(seed))
            .RouteMany(Reviews, count);

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public void Weights_80_20_split_about_80_20(int seed)
    {
        var paths = Send("""
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 80
                - destination: {host: reviews, subset: v2}
                  weight: 20
            """, seed);
        Assert.InRange(paths.Share("-> reviews(v1)"), 0.76, 0.84);
        Assert.InRange(paths.Share("-> reviews(v2) -> ratings(v1)"), 0.16, 0.24);
        Assert.Equal(1000, paths.Count(p => p.Error is null));
    }

    [Fact]
    public void Zero_weight_gets_nothing_and_a_lone_destination_gets_everything()
    {
        var paths = Send("""
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 0
                - destination: {host: reviews, subset: v3}
                  weight: 100
            """, 2, 200);
        Assert.All(paths, p => Assert.Equal("-> reviews(v3) -> ratings(v1)", p.Text));
    }

    [Fact]
    public void Same_seed_same_paths()
    {
        const string routes = """
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 50
                - destination: {host: reviews, subset: v2}
                  weight: 50
            """;
        Assert.Equal(Send(routes, 9, 50).Select(p => p.Text), Send(routes, 9, 50).Select(p => p.Text));
    }

    [Fact]
    public void Mirror_percentage_copies_that_share_and_leaves_the_path_alone()
    {
        var paths = Send("""
              - route: [{destination: {host: reviews, subset: v1}}]
                mirror: {host: reviews, subset: v3}
                mirrorPercentage: {value: 30.0}
            """, 5);
        Assert.All(paths, p => Assert.Equal("-> reviews(v1)", p.Text));
        var mirrored = paths.Count(p => p.Mirrors.Count == 1);
        Assert.InRange(mirrored, 250, 350);
        var mirror = paths.First(p => p.Mirrors.Count == 1).Mirrors[0];
        Assert.Equal(("reviews", "v3", Hop.MirrorNote), (mirror.Service, mirror.Version, mirror.Note));
        Assert.StartsWith("reviews-v3-", mirror.Pod);
    }

    [Fact]
    public void Mirrors_list_each_with_its_own_percentage_and_absent_means_all()
    {
        var paths = Send("""
              - route: [{destination: {host: reviews, subset: v1}}]
                mirrors:
                - destination: {host: reviews, subset: v2}
                - destination: {host: reviews, subset: v3}
                  percentage: {value: 10}
            """, 8);
        Assert.All(paths, p => Assert.Equal("v2", p.Mirrors[0].Version));
        Assert.InRange(paths.Count(p => p.Mirrors.Any(m => m.Version == "v3")), 60, 140);
    }

    [Fact]
    public void A_mirror_that_cannot_be_served_is_recorded_not_raised()
    {
        var path = Send("""
              - route: [{destination: {host: reviews, subset: v1}}]
                mirror: {host: reviews, subset: v9}
            """, 1, 1).Single();
        Assert.Null(path.Error);
        Assert.StartsWith("mirror failed: no subset v9", path.Mirrors.Single().Note);
    }
}
