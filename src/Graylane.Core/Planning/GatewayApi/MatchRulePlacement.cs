using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>
/// Graylane's match rules must catch only requests the managed rule served. Each of their matches is a managed match
/// plus the user's conditions, so it ranks above that match and catches a subset of its requests — but the extra
/// headers or query parameters could also lift it above a rule that outranked the managed rule for some of those
/// requests (Gateway API rules are not ordered like Istio's: the most specific match wins). Match rules are appended
/// after every user rule, so they lose every tie inside the route; this check refuses a --match that would outrank
/// another rule, in this route or in a neighbour (another HTTPRoute of the namespace with the same parents and
/// hostnames), that serves some of those requests today.
/// </summary>
public static class MatchRulePlacement
{
    public sealed record Placed(JsonObject ManagedEntry, JsonObject Entry, string MatchText);

    public static void Check(JsonObject route, JsonObject managed, IReadOnlyList<Placed> placed, IReadOnlyList<JsonObject> neighbours, string app)
    {
        var own = HttpRouteRules.Rules(route);
        var managedIndex = own.FindIndex(r => ReferenceEquals(r, managed));
        foreach (var p in placed)
        {
            var managedRank = MatchPrecedence.Of(p.ManagedEntry);
            var rank = MatchPrecedence.Of(p.Entry);
            for (var i = 0; i < own.Count; i++)
            {
                if (i == managedIndex || GraylaneRoutes.IsMatchRouteOf(own[i], app)) continue;
                foreach (var e in HttpRouteMatches.Entries(own[i]))
                {
                    var er = MatchPrecedence.Of(e);
                    var outranksManaged = er > managedRank || (er == managedRank && i < managedIndex);
                    // Inside the route a tie goes to the user's rule: match rules come last.
                    if (outranksManaged && rank > er && MatchPrecedence.MayOverlap(e, p.Entry))
                        throw Refusal(p, route, own[i], i, er, rank);
                }
            }
            foreach (var other in neighbours)
            {
                var otherFirst = Older(other, route);
                foreach (var (rule, i) in HttpRouteRules.Rules(other).Select((r, i) => (r, i)))
                    foreach (var e in HttpRouteMatches.Entries(rule))
                    {
                        var er = MatchPrecedence.Of(e);
                        var outranksManaged = er > managedRank || (er == managedRank && otherFirst);
                        if (outranksManaged && (rank > er || (rank == er && !otherFirst)) && MatchPrecedence.MayOverlap(e, p.Entry))
                            throw Refusal(p, other, rule, i, er, rank);
                    }
            }
        }
    }

    /// <summary>The spec's tie-break between routes: the older one, then namespace/name alphabetically.</summary>
    public static bool Older(JsonObject a, JsonObject b)
    {
        var ta = (string?)a["metadata"]?["creationTimestamp"] ?? "";
        var tb = (string?)b["metadata"]?["creationTimestamp"] ?? "";
        var byAge = string.CompareOrdinal(ta, tb);
        if (byAge != 0) return byAge < 0;
        return string.CompareOrdinal($"{Obj.Namespace(a)}/{Obj.Name(a)}", $"{Obj.Namespace(b)}/{Obj.Name(b)}") < 0;
    }

    private static InvalidInputException Refusal(Placed p, JsonObject route, JsonObject rule, int index, MatchPrecedence theirs, MatchPrecedence ours)
    {
        var why = theirs == ours
            ? "both rank the same and HTTPRoute " + HttpRouteRules.Describe(route) + "'s is not the older route"
            : ours.Headers != theirs.Headers && ours.PathKind == theirs.PathKind && ours.PathLength == theirs.PathLength && ours.Method == theirs.Method
                ? $"the match rule would test {ours.Headers} headers against its {theirs.Headers}, and Gateway API gives the rule with more header matches precedence"
                : $"the match rule would test {ours.Query} query parameters against its {theirs.Query}, and Gateway API gives the rule with more query parameter matches precedence";
        return new InvalidInputException("match",
            $"--match \"{KubeNames.Printable(p.MatchText)}\" would take requests that rule {GraylaneRoutes.Describe(rule, index)} of HTTPRoute {HttpRouteRules.Describe(route)} serves today: {why}. " +
            "Match on fewer headers or query parameters, or add the condition to that rule's own matches first");
    }
}
