using Graylane.Core.Planning.Istio;

namespace Graylane.Engine.Routing;

/// <summary>A request-match form a router can express: what it looks at and how it compares.</summary>
public readonly record struct MatchSupport(MatchKind Kind, MatchOperator Operator)
{
    public static IReadOnlySet<MatchSupport> All { get; } =
        Enum.GetValues<MatchKind>().SelectMany(k => Enum.GetValues<MatchOperator>().Select(o => new MatchSupport(k, o))).ToHashSet();

    /// <summary>"a header by prefix", for messages.</summary>
    public string Describe() => $"{(Kind == MatchKind.Query ? "a query parameter" : $"a {Kind.ToString().ToLowerInvariant()}")} " +
        Operator switch { MatchOperator.Exact => "exactly", MatchOperator.Prefix => "by prefix", _ => "by regex" };
}

/// <summary>
/// What a router can do, declared on the router, so input checks and messages come from data ("routers that can
/// split by weight: istio, lanes") rather than from each router's own wording.
/// </summary>
public sealed record RouterCapabilities
{
    /// <summary>Weights other than 0 and 100.</summary>
    public bool PartialWeights { get; init; }

    /// <summary>The --match forms it can route by (empty: none).</summary>
    public IReadOnlySet<MatchSupport> Matches { get; init; } = new HashSet<MatchSupport>();

    /// <summary>--mirror: copy a share of the traffic to the gray version.</summary>
    public bool Mirror { get; init; }

    /// <summary>--set-header: set request headers on the traffic sent to gray.</summary>
    public bool SetHeader { get; init; }

    /// <summary>A release is a lane across several of the app's services (--services), deployed by the lane flow.</summary>
    public bool Lanes { get; init; }

    /// <summary>Promote deletes the old version's workloads whatever --delete-old says (a lane's workloads exist only for the lane).</summary>
    public bool DeletesRetiredWorkloads { get; init; }

    /// <summary>
    /// Traffic follows pod counts: one Service selects both versions, a weight is the gray's share of a fixed total of ready
    /// pods (--replicas), the gray starts with no pods and shifts scale the two versions.
    /// </summary>
    public bool PodCounts { get; init; }

    /// <summary>The promote modes the router can finish.</summary>
    public IReadOnlySet<PromoteMode> PromoteModes { get; init; } = new HashSet<PromoteMode> { PromoteMode.Replace };

    /// <summary>The route-selection inputs of deploy-gray it reads (--virtual-service, --http-route…); others are refused, not ignored.</summary>
    public IReadOnlySet<string> RouteInputs { get; init; } = new HashSet<string>();

    /// <summary>Why a feature is missing, in the router's own terms (e.g. "a Service selector sends all traffic to one version").</summary>
    public IReadOnlyDictionary<RouterFeature, string> Limits { get; init; } = new Dictionary<RouterFeature, string>();

    public bool Has(RouterFeature feature) => feature switch
    {
        RouterFeature.PartialWeights => PartialWeights,
        RouterFeature.Match => Matches.Count > 0,
        RouterFeature.Mirror => Mirror,
        RouterFeature.SetHeader => SetHeader,
        RouterFeature.PodCounts => PodCounts,
        _ => false,
    };
}

/// <summary>The traffic features a shift can ask for (see <see cref="RouterCapabilities"/>).</summary>
public enum RouterFeature
{
    PartialWeights,
    Match,
    Mirror,
    SetHeader,
    PodCounts,
}
