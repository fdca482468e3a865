namespace Graylane.Core.Planning.Istio;

/// <summary>
/// What a managed route does now, read back from the cluster: weights to the baseline, to gray and to anything else,
/// the share mirrored to gray (null = no mirror to gray), and how many Graylane match routes exist for the app.
/// </summary>
public sealed record IstioWeights(int Baseline, int Gray, int Other, double? MirrorPercent, int MatchRoutes)
{
    /// <summary>True when the route is what the shift asked for.</summary>
    public bool Satisfies(IstioShift shift) =>
        Baseline == 100 - shift.Weight && Gray == shift.Weight && Other == 0 &&
        (MirrorPercent ?? 0) == (shift.MirrorPercent ?? 0) && MatchRoutes == shift.Matches.Count;

    public override string ToString() =>
        $"baseline {Baseline}%, gray {Gray}%{(Other > 0 ? $", other {Other}%" : "")}" +
        $"{(MirrorPercent is { } m ? $", mirror {m}%" : "")}{(MatchRoutes > 0 ? $", {MatchRoutes} match route(s)" : "")}";
}
