using System.Globalization;

namespace Graylane.Core.Planning.GatewayApi;

/// <summary>What the managed rule does now: shares in percent (weights are relative), the mirror to gray, Graylane's match rules.</summary>
public sealed record GatewayWeights(int Baseline, int Gray, int Other, double? MirrorPercent, int MatchRules)
{
    /// <summary>True when the rule routes as the shift asked (weights, mirror, number of match rules).</summary>
    public bool Satisfies(Istio.IstioShift shift) =>
        Gray == shift.Weight && Baseline == 100 - shift.Weight && Other == 0
        && (MirrorPercent ?? 0).Equals(shift.MirrorPercent ?? 0) && MatchRules == shift.Matches.Count;

    public override string ToString() =>
        $"baseline {Baseline}%, gray {Gray}%" + (Other > 0 ? $", other {Other}%" : "")
        + (MirrorPercent is > 0 ? $", mirror {MirrorPercent.Value.ToString(CultureInfo.InvariantCulture)}%" : "")
        + (MatchRules > 0 ? $", {MatchRules} match rule(s)" : "");
}
