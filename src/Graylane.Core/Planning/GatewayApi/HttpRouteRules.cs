using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>Finding the rule Graylane manages in an HTTPRoute: the one named by --rule, else the only rule whose backendRefs point at the Service.</summary>
public static class HttpRouteRules
{
    public static List<JsonObject> Rules(JsonObject route) => Obj.Objects(route["spec"]?["rules"]).ToList();

    /// <summary>The index in spec.rules of the managed rule; Graylane's own match rules are never candidates.</summary>
    public static int Find(JsonObject route, string? ruleName, string service, string serviceNs)
    {
        var rules = Rules(route);
        var ns = Obj.Namespace(route);
        var routeName = Describe(route);
        if (!string.IsNullOrEmpty(ruleName))
        {
            var index = rules.FindIndex(r => GraylaneRoutes.Name(r) == ruleName);
            if (index < 0)
                throw new InvalidInputException("rule",
                    $"--rule \"{KubeNames.Printable(ruleName)}\": HTTPRoute {routeName} has no rule of that name; its rules are {DescribeAll(rules)}");
            if (GraylaneRoutes.IsGraylane(rules[index]))
                throw new InvalidInputException("rule", $"--rule \"{ruleName}\" is a rule Graylane created; name the user's rule it serves");
            if (!RoutesTo(rules[index], service, serviceNs, ns))
                throw new InvalidInputException("rule",
                    $"--rule \"{ruleName}\": that rule of HTTPRoute {routeName} does not send traffic to Service {service}: its backends are {Or(BackendRefs.Describe(rules[index]))}");
            return index;
        }
        var candidates = rules.Select((r, i) => (r, i)).Where(x => !GraylaneRoutes.IsGraylane(x.r) && RoutesTo(x.r, service, serviceNs, ns)).ToList();
        if (candidates.Count == 1) return candidates[0].i;
        if (candidates.Count == 0)
        {
            var backends = rules.Select(BackendRefs.Describe).Where(d => d.Length > 0).Distinct().ToList();
            throw new InvalidInputException("http-route",
                $"HTTPRoute {routeName} has no rule whose backendRefs point at Service {service} (its rules go to {(backends.Count == 0 ? "no backend" : string.Join("; ", backends))}); " +
                "name an HTTPRoute that routes to the Service with --http-route, or leave it out and give --gateway to have Graylane create one");
        }
        throw new InvalidInputException("rule",
            $"HTTPRoute {routeName} has {candidates.Count} rules to Service {service}: {string.Join(", ", candidates.Select(x => GraylaneRoutes.Describe(x.r, x.i)))}; choose one with --rule NAME (unnamed rules need a name first)");
    }

    public static bool RoutesTo(JsonObject rule, string service, string serviceNs, string? routeNs) =>
        BackendRefs.Of(rule).Any(b => BackendRefs.Names(b, service, serviceNs, routeNs));

    public static string Describe(JsonObject route) => Obj.Namespace(route) is { } ns ? $"{ns}/{Obj.Name(route)}" : Obj.Name(route);

    private static string DescribeAll(List<JsonObject> rules) => rules.Count == 0 ? "none" : string.Join(", ", rules.Select(GraylaneRoutes.Describe));

    private static string Or(string s) => s.Length == 0 ? "none" : s;
}
