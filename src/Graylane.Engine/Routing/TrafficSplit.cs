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
}
