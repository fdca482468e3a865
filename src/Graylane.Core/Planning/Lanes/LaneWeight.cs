namespace Graylane.Core.Planning.Lanes;

/// <summary>One lane's share of the traffic entering through the gateway.</summary>
public sealed record LaneWeight(string Lane, int Weight);
