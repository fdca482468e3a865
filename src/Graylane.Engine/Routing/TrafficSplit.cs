using Graylane.Core.Model;

namespace Graylane.Engine.Routing;

/// <summary>One version's share of a service's traffic, as read back from the cluster.</summary>
public sealed record VersionShare(string Service, string Version, string Workload, string Role, int Weight);

/// <summary>The traffic split as the cluster has it now (read back, never trusted from memory).</summary>
public sealed record TrafficSplit(IReadOnlyList<VersionShare> Shares, IReadOnlyList<string> Notes)
{
    public int GrayWeight => Shares.Where(s => s.Role == "gray").Select(s => s.Weight).DefaultIfEmpty(0).Max();

    /// <summary>Objects read for this split that someone changed since Graylane last wrote them.</summary>
    public IReadOnlyList<DriftFinding> Drift { get; init; } = [];

    /// <summary>
    /// The weight asked last, when the routing carries it but cannot show it exactly (pod counts: 25% asked is 1 of 5
    /// pods, a 20% share); null when the gray's share is the weight.
    /// </summary>
    public int? CarriedWeight { get; init; }

    /// <summary>True when the cluster routes as a shift to this weight would leave it.</summary>
    public bool Carries(int weight) => (CarriedWeight ?? GrayWeight) == weight;

    /// <summary>
    /// Objects read for this split whose pending write (recorded in the release record) is not live: a step stopped between
    /// saving its intent and writing, or one writing right now. The record then says more than the cluster does, so a step
    /// must not take "the record already says so" as "nothing to do".
    /// </summary>
    public IReadOnlyList<ObjectKey> Unlanded { get; init; } = [];
}
