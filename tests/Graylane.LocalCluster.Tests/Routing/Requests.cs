using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>Short ways to write router requests in tests.</summary>
internal static class Requests
{
    private static readonly Dictionary<string, string> None = new();

    public static RouteRequest To(string host, string ns = "default", string? gateway = null) =>
        new(ns, host, None, None, None, "/", gateway);

    public static RouteRequest WithHeader(this RouteRequest r, string name, string value) =>
        r with { Headers = new Dictionary<string, string>(r.Headers) { [name] = value } };

    public static RouteRequest WithCookie(this RouteRequest r, string name, string value) =>
        r with { Cookies = new Dictionary<string, string>(r.Cookies) { [name] = value } };

    public static RouteRequest WithQuery(this RouteRequest r, string name, string value) =>
        r with { Query = new Dictionary<string, string>(r.Query) { [name] = value } };

    public static RouteRequest WithPath(this RouteRequest r, string path) => r with { Path = path };

    /// <summary>Share of paths whose text equals the given one.</summary>
    public static double Share(this IReadOnlyList<RoutePath> paths, string text) =>
        (double)paths.Count(p => p.Text == text) / paths.Count;
}
