using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>
/// Plans changes to a user's HTTPRoute. Graylane edits only the rule it manages — its backendRefs (stable and canary
/// Service by weight), the RequestMirror filter to the canary it adds — and the match rules it names
/// graylane-&lt;app&gt;-match-&lt;n&gt;, appended after every user rule; every other rule and field is copied as it was. At
/// weight 0 without matches or mirror the rule is the user's again, byte for byte. Pure: objects in, objects out.
/// </summary>
public static class HttpRoutePlanner
{
    public const string ApiVersion = "gateway.networking.k8s.io/v1";
    public const int MaxRules = 16;
    public const int MaxMatches = 128;

    /// <summary>
    /// The route with the shift applied to the rule at ruleIndex. originalRule is that rule as the user had it before the
    /// release (its backendRefs come back at weight 0). neighbours: other HTTPRoutes with the same parents and hostnames,
    /// whose rules the match rules must not take requests from.
    /// </summary>
    public static JsonObject Plan(JsonObject route, int ruleIndex, JsonObject originalRule, CanaryBackends target, IstioShift shift,
        IReadOnlyList<JsonObject>? neighbours = null)
    {
        shift.Validate();
        var result = Obj.Clone(route);
        var rules = Rules(result);
        var managed = rules[ruleIndex] as JsonObject ?? throw new ArgumentOutOfRangeException(nameof(ruleIndex));
        if (GraylaneRoutes.IsGraylane(managed)) throw new InvalidInputException("rule", $"rule {GraylaneRoutes.Describe(managed, ruleIndex)} is a rule Graylane created; name the user's rule it serves");
        var ruleName = GraylaneRoutes.Describe(managed, ruleIndex);
        var routeNs = Obj.Namespace(route);
        var stable = StableRef(managed, ruleName, HttpRouteRules.Describe(route), target, routeNs);

        for (var i = rules.Count - 1; i >= 0; i--)
            if (GraylaneRoutes.IsMatchRouteOf(rules[i], shift.App)) rules.RemoveAt(i);

        managed["backendRefs"] = shift.Weight == 0
            ? originalRule["backendRefs"]?.DeepClone()
            : new JsonArray(WithWeight(stable, 100 - shift.Weight), CanaryRef(stable, target, shift.Weight, shift.Headers));
        if (managed["backendRefs"] is null) managed.Remove("backendRefs");
        SetMirror(managed, originalRule, stable, target, shift.MirrorPercent);

        var placed = new List<MatchRulePlacement.Placed>();
        for (var i = 0; i < shift.Matches.Count; i++)
        {
            var entries = HttpRouteMatches.Entries(managed)
                .Select(own => (own, combined: HttpRouteMatches.And(own, shift.Matches[i], ruleName))).ToList();
            var matchRule = new JsonObject { ["name"] = GraylaneRoutes.MatchRouteName(shift.App, i + 1) };
            matchRule["matches"] = new JsonArray(entries.Select(e => (JsonNode)e.combined).ToArray());
            foreach (var (key, value) in managed)
                if (key is not ("name" or "matches" or "backendRefs" or "filters")) matchRule[key] = value?.DeepClone();
            var filters = Obj.Objects(managed["filters"]).Where(f => !IsOurMirror(f, target)).Select(f => (JsonNode)f.DeepClone()).ToArray();
            if (filters.Length > 0) matchRule["filters"] = new JsonArray(filters);
            matchRule["backendRefs"] = new JsonArray(CanaryRef(stable, target, null, shift.Headers));
            rules.Add((JsonNode)matchRule);
            placed.AddRange(entries.Select(e => new MatchRulePlacement.Placed(e.own, e.combined, string.Join(",", shift.Matches[i]))));
        }
        if (rules.Count > MaxRules)
            throw new InvalidInputException("match",
                $"--match: HTTPRoute {HttpRouteRules.Describe(route)} would have {rules.Count} rules with Graylane's {shift.Matches.Count} match rule(s); the API allows {MaxRules} — use fewer --match values (rules joined with ',' need no extra rule)");
        var total = HttpRouteRules.Rules(result).Sum(r => Math.Max(1, Obj.Objects(r["matches"]).Count()));
        if (total > MaxMatches)
            throw new InvalidInputException("match", $"--match: HTTPRoute {HttpRouteRules.Describe(route)} would hold {total} matches in all; the API allows fewer than {MaxMatches}");
        MatchRulePlacement.Check(result, managed, placed, neighbours ?? [], shift.App);
        return HttpRouteDefaults.Apply(result);
    }

    /// <summary>What the rule at ruleIndex does now (for read-back and status).</summary>
    public static GatewayWeights Read(JsonObject route, int ruleIndex, CanaryBackends target, string app)
    {
        var rules = HttpRouteRules.Rules(route);
        var rule = rules[ruleIndex];
        var ns = Obj.Namespace(route);
        long baseline = 0, gray = 0, other = 0;
        foreach (var b in BackendRefs.Of(rule))
        {
            if (BackendRefs.Names(b, target.Stable, target.Namespace, ns)) baseline += BackendRefs.Weight(b);
            else if (BackendRefs.Names(b, target.Canary, target.Namespace, ns)) gray += BackendRefs.Weight(b);
            else other += BackendRefs.Weight(b);
        }
        var sum = baseline + gray + other;
        int Percent(long w) => sum == 0 ? 0 : (int)Math.Round(100.0 * w / sum, MidpointRounding.AwayFromZero);
        double? mirror = null;
        if (Obj.Objects(rule["filters"]).FirstOrDefault(f => IsOurMirror(f, target)) is { } m)
        {
            var rm = m["requestMirror"];
            mirror = Obj.Long(rm?["percent"]) is { } p ? p
                : rm?["fraction"] is JsonObject f ? 100.0 * (Obj.Long(f["numerator"]) ?? 0) / (Obj.Long(f["denominator"]) ?? 100) : 100;
        }
        return new GatewayWeights(Percent(baseline), Percent(gray), Percent(other), mirror, rules.Count(r => GraylaneRoutes.IsMatchRouteOf(r, app)));
    }

    /// <summary>An HTTPRoute for when the user has none: attached to the Gateway, one rule "primary" to the stable Service.</summary>
    public static JsonObject Create(string name, string ns, string gateway, string? host, string service, long port)
    {
        var (gwNs, gwName) = gateway.Contains('/') ? (gateway[..gateway.IndexOf('/')], gateway[(gateway.IndexOf('/') + 1)..]) : (ns, gateway);
        var parent = new JsonObject { ["name"] = gwName };
        if (gwNs != ns) parent["namespace"] = gwNs;
        var spec = new JsonObject { ["parentRefs"] = new JsonArray(parent) };
        if (host is not null) spec["hostnames"] = new JsonArray(JsonValue.Create(host));
        spec["rules"] = new JsonArray(new JsonObject
        {
            ["name"] = GraylaneRoutes.PrimaryRouteName,
            ["backendRefs"] = new JsonArray(new JsonObject { ["name"] = service, ["port"] = port }),
        });
        return HttpRouteDefaults.Apply(new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "HTTPRoute",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [VirtualServicePlanner.ManagedByLabel] = VirtualServicePlanner.ManagedByValue },
            },
            ["spec"] = spec,
        });
    }

    /// <summary>True for the RequestMirror filter Graylane adds: the one mirroring to the canary Service.</summary>
    public static bool IsOurMirror(JsonNode? filter, CanaryBackends target) =>
        (string?)filter?["type"] == "RequestMirror" && (string?)filter["requestMirror"]?["backendRef"]?["name"] == target.Canary;

    /// <summary>The rule's backendRef to the stable Service (its fields kept for both Services); every backend must be one of the two.</summary>
    private static JsonObject StableRef(JsonObject rule, string ruleName, string routeName, CanaryBackends target, string? routeNs)
    {
        var refs = BackendRefs.Of(rule);
        var stable = refs.Where(b => BackendRefs.Names(b, target.Stable, target.Namespace, routeNs)).ToList();
        var others = refs.Where(b => !BackendRefs.Names(b, target.Stable, target.Namespace, routeNs) && !BackendRefs.Names(b, target.Canary, target.Namespace, routeNs)).ToList();
        if (stable.Count == 0)
            throw new InvalidInputException("rule", $"rule {ruleName} of HTTPRoute {routeName} has no backendRef to Service {target.Stable}; choose the rule that routes to it with --rule");
        if (others.Count > 0 || stable.Count > 1)
            throw new InvalidInputException("rule",
                $"rule {ruleName} of HTTPRoute {routeName} sends traffic to {BackendRefs.Describe(rule)}; Graylane splits a rule whose only backend is Service {target.Stable} — give the other backends their own rule, or choose another with --rule");
        if (Obj.Long(stable[0]["port"]) is null)
            throw new InvalidInputException("rule", $"rule {ruleName} of HTTPRoute {routeName}: the backendRef to Service {target.Stable} has no port; the canary Service needs the same port");
        return stable[0];
    }

    private static JsonObject WithWeight(JsonObject stable, int weight)
    {
        var copy = Obj.Clone(stable);
        copy["weight"] = weight;
        return copy;
    }

    /// <summary>The stable backendRef's copy for the canary Service (its backend filters kept), with the headers to set on gray traffic.</summary>
    private static JsonObject CanaryRef(JsonObject stable, CanaryBackends target, int? weight, IReadOnlyDictionary<string, string> headers)
    {
        var copy = Obj.Clone(stable);
        copy["name"] = target.Canary;
        if (weight is { } w) copy["weight"] = w; else copy.Remove("weight");
        if (headers.Count == 0) return copy;
        var filters = copy["filters"] as JsonArray ?? new JsonArray();
        copy["filters"] = filters;
        var modifier = filters.OfType<JsonObject>().FirstOrDefault(f => (string?)f["type"] == "RequestHeaderModifier");
        if (modifier is null)
        {
            modifier = new JsonObject { ["type"] = "RequestHeaderModifier", ["requestHeaderModifier"] = new JsonObject() };
            filters.Add((JsonNode)modifier);
        }
        var body = Obj.Child(modifier, "requestHeaderModifier");
        var set = body["set"] as JsonArray ?? new JsonArray();
        body["set"] = set;
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (set.OfType<JsonObject>().FirstOrDefault(s => string.Equals((string?)s["name"], name, StringComparison.OrdinalIgnoreCase)) is { } existing)
                existing["value"] = value;
            else set.Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = value });
        }
        return copy;
    }

    /// <summary>Adds, changes or removes Graylane's RequestMirror to the canary: a whole percent, else a fraction of 1000.</summary>
    private static void SetMirror(JsonObject rule, JsonObject originalRule, JsonObject stable, CanaryBackends target, double? percent)
    {
        var filters = rule["filters"] as JsonArray;
        if (filters is not null)
            for (var i = filters.Count - 1; i >= 0; i--)
                if (IsOurMirror(filters[i], target)) filters.RemoveAt(i);
        if (percent is > 0)
        {
            filters ??= new JsonArray();
            rule["filters"] = filters;
            var backend = new JsonObject { ["name"] = target.Canary, ["port"] = stable["port"]!.DeepClone() };
            if (stable["namespace"] is { } ns) backend["namespace"] = ns.DeepClone();
            var mirror = new JsonObject { ["backendRef"] = backend };
            if (percent.Value == Math.Floor(percent.Value)) mirror["percent"] = (int)percent.Value;
            else mirror["fraction"] = new JsonObject { ["numerator"] = (int)Math.Round(percent.Value * 10), ["denominator"] = 1000 };
            filters.Add((JsonNode)new JsonObject { ["type"] = "RequestMirror", ["requestMirror"] = mirror });
        }
        else if (filters is { Count: 0 } && originalRule["filters"] is null)
        {
            rule.Remove("filters");
        }
    }

    private static JsonArray Rules(JsonObject route) =>
        route["spec"]?["rules"] as JsonArray ?? throw new InvalidInputException("http-route", $"HTTPRoute {HttpRouteRules.Describe(route)} has no rules");

    internal static string Percent(double p) => p.ToString(CultureInfo.InvariantCulture);
}
