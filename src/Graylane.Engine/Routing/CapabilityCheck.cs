using Graylane.Core.Model;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Engine.Routing;

/// <summary>
/// Refuses a traffic request a router cannot carry out, naming the input, the router's own reason and the routers that
/// can (from their declared capabilities). Pure: the routers' capabilities come in as data.
/// </summary>
public static class CapabilityCheck
{
    public static void Check(RouterKind router, RouterCapabilities caps, TrafficState wanted, IReadOnlyList<(RouterKind Kind, RouterCapabilities Caps)> all)
    {
        if (wanted.Weight is > 0 and < 100 && !caps.PartialWeights)
            throw Refuse("weight", $"--weight {wanted.Weight}", router, caps, RouterFeature.PartialWeights, "split traffic by weight",
                all.Where(r => r.Caps.PartialWeights));
        foreach (var text in wanted.Matches)
            foreach (var rule in MatchParser.Parse(text))
            {
                var form = new MatchSupport(rule.Kind, rule.Operator);
                if (!caps.Matches.Contains(form))
                    throw Refuse("match", $"--match {rule}", router, caps, RouterFeature.Match, $"match {form.Describe()}",
                        all.Where(r => r.Caps.Matches.Contains(form)));
            }
        if (wanted.Mirror > 0 && !caps.Mirror)
            throw Refuse("mirror", "--mirror", router, caps, RouterFeature.Mirror, "mirror traffic", all.Where(r => r.Caps.Mirror));
        if (wanted.SetHeaders.Count > 0 && !caps.SetHeader)
            throw Refuse("set-header", "--set-header", router, caps, RouterFeature.SetHeader, "set request headers", all.Where(r => r.Caps.SetHeader));
        if (wanted.Replicas is not null && !caps.PodCounts)
            throw Refuse("replicas", "--replicas", router, caps, RouterFeature.PodCounts, "split traffic by pod counts", all.Where(r => r.Caps.PodCounts));
    }

    /// <summary>"--mirror is not possible with --router service: a Service selector cannot copy traffic. Routers that can mirror traffic: --router istio."</summary>
    public static InvalidInputException Refuse(string input, string what, RouterKind router, RouterCapabilities caps, RouterFeature feature,
        string ability, IEnumerable<(RouterKind Kind, RouterCapabilities Caps)> able)
    {
        var why = caps.Limits.TryGetValue(feature, out var limit) ? $": {limit}" : "";
        var names = able.Select(r => r.Kind.Name()).ToList();
        var who = names.Count == 0 ? $"No router can {ability}." : $"Routers that can {ability}: --router {string.Join(", ", names)}.";
        return new InvalidInputException(input, $"{what} is not possible with --router {router.Name()}{why}. {who}");
    }
}
