using Graylane.Core.Model;
using Graylane.Engine.Records;

namespace Graylane.Engine.Routing;

/// <summary>
/// One way of sending traffic to versions (Service selector, Istio, lanes…). Routers change only what they
/// manage, snapshot an object in the release record before first changing it, skip writes that change
/// nothing, and read the result back.
/// </summary>
public interface ITrafficRouter
{
    /// <summary>The --router value that picks this router.</summary>
    string Name { get; }

    /// <summary>Rejects traffic this router cannot carry out, before anything is written.</summary>
    void Validate(TrafficState wanted);

    /// <summary>Before the gray pods start: make sure they will get no traffic (pin a selector, route the mesh to the baseline).</summary>
    Task PrepareAsync(StepContext ctx, ReleaseSession session, RouteSelection selection, IReadOnlyDictionary<string, string> grayPodLabels, CancellationToken ct);

    /// <summary>Makes the cluster route traffic as wanted; returns true when it wrote anything.</summary>
    Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct);

    /// <summary>After promote moved all traffic: leave the routing pointing at the new version only, without Graylane's extras.</summary>
    Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, CancellationToken ct);

    /// <summary>The split as the cluster has it now.</summary>
    Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct);
}
