using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

public class TallyTests
{
    private static RoutePath Path(params string[] versions) =>
        new(versions.Select((v, i) => new Hop($"mock{(char)('a' + i)}", v, null)).ToList(), [], null);

    [Fact]
    public void Lines_are_count_percentage_and_path_most_frequent_first()
    {
        var paths = Enumerable.Repeat(Path("v1", "v1"), 160).Concat(Enumerable.Repeat(Path("v2", "v1"), 40)).Reverse();
        Assert.Equal("  160  80.0%  -> mocka(v1) -> mockb(v1)\n   40  20.0%  -> mocka(v2) -> mockb(v1)", RequestRouter.Tally(paths));
    }

    [Fact]
    public void Errors_are_tallied_by_their_text_and_ties_sort_by_text()
    {
        var failed = new RoutePath([new Hop("reviews", null, null, Hop.ErrorNote)], [], "no ready endpoints");
        Assert.Equal("    1  50.0%  -> mocka(v1)\n    1  50.0%  -> reviews(!) no ready endpoints",
            RequestRouter.Tally([failed, Path("v1")]));
        Assert.Equal("", RequestRouter.Tally([]));
    }

    [Fact]
    public void Text_shows_versions_terminal_notes_and_errors_but_not_fallback_notes()
    {
        var path = new RoutePath([new Hop("mocka", "v2", "p1"), new Hop("mockb", "v1", "p2", Hop.FallbackNote),
            new Hop("mockc", null, null, "direct response 503")], [new Hop("mockc", "v3", "p3", Hop.MirrorNote)], null);
        Assert.Equal("-> mocka(v2) -> mockb(v1) -> mockc(direct response 503)", path.Text);
        Assert.Equal("-> web", new RoutePath([new Hop("web", null, "web-1")], [], null).Text);
    }
}
