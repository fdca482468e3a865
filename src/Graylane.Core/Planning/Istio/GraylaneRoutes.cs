using System.Globalization;
using System.Text.Json.Nodes;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Names of the routes Graylane adds to a user's VirtualService: graylane-&lt;app&gt;-match-&lt;n&gt;. The prefix marks them as
/// Graylane's (never managed as the user's route); the app keeps two releases in one VirtualService apart.
/// </summary>
public static class GraylaneRoutes
{
    public const string Prefix = "graylane-";

    /// <summary>The name of the route Graylane creates in a VirtualService it creates itself (a user route from then on).</summary>
    public const string PrimaryRouteName = "primary";

    public static string MatchRouteName(string app, int n) => $"{Prefix}{app}-match-{n.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsGraylane(JsonNode? route) => Name(route)?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>True for graylane-&lt;app&gt;-match-&lt;digits&gt; (not for another app whose name starts with this one).</summary>
    public static bool IsMatchRouteOf(JsonNode? route, string app)
    {
        var prefix = $"{Prefix}{app}-match-";
        return Name(route) is { } name && name.StartsWith(prefix, StringComparison.Ordinal) &&
               name.Length > prefix.Length && name[prefix.Length..].All(char.IsAsciiDigit);
    }

    public static string? Name(JsonNode? route) => route is JsonObject o ? (string?)o["name"] : null;

    /// <summary>"primary" for a named route, "#2 (unnamed)" otherwise (1-based, as people count).</summary>
    public static string Describe(JsonNode? route, int index) => Name(route) is { Length: > 0 } n ? $"\"{n}\"" : $"#{index + 1} (unnamed)";
}
