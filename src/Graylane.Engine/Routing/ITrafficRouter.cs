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

    /// <summary>Rejects requests this router cannot carry out, before anything is written.</summary>
    void Validate(ShiftRequest request);

    /// <summary>Makes the cluster send request.Weight percent to the gray version; returns true when it wrote anything.</summary>
    Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, ShiftRequest request, CancellationToken ct);

    /// <summary>The split as the cluster has it now.</summary>
    Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct);
}
