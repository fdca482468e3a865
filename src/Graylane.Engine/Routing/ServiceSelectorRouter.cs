using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// Blue-green through a plain Kubernetes Service: the selector's version label points at one version, so
/// all traffic moves at once (0 or 100). Only the version label of the selector is ever changed.
/// </summary>
public sealed class ServiceSelectorRouter : ITrafficRouter
{
    public string Name => "service";

    public void Validate(ShiftRequest request)
    {
        if (request.Weight is not (0 or 100))
            throw new InvalidInputException("weight",
                $"--weight {request.Weight} is not possible with --router service: a Service selector sends all traffic to one version, so use 0 or 100. " +
                "Partial weights need a router that splits traffic, such as a service mesh router (Istio).");
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, ShiftRequest request, CancellationToken ct)
    {
        Validate(request);
        var record = session.Current;
        var toGray = request.Weight == 100;
        var version = toGray ? record.GrayVersion : record.BaselineVersion;
        var wrote = false;
        foreach (var w in record.Workloads)
        {
            if (w.Service is null)
                throw new ReleaseConflictException(
                    $"the release of {record.App} has no Service in front of {w.BaselineWorkload}; give --service to deploy-gray so the service router can switch it");
            var target = toGray ? w.GrayWorkload : w.BaselineWorkload;
            await EnsureReadyAsync(ctx, target, version, ct);

            var live = await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, w.Service, ct)
                ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{w.Service} of the release of {record.App} no longer exists");
            if ((string?)live["spec"]?["selector"]?[record.VersionLabel] == version)
            {
                ctx.Info($"Service {w.Service} already sends all traffic to {version} ({target})");
                continue;
            }
            await session.SnapshotAsync(KubeResource.Services, w.Service, live, ct);
            var (after, written) = await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Services, ctx.Namespace, w.Service,
                svc => Obj.Child(Obj.Child(svc, "spec"), "selector")[record.VersionLabel] = version, ct);
            if ((string?)after["spec"]?["selector"]?[record.VersionLabel] != version)
                throw new InvalidOperationException($"Service {w.Service}: selector still reads {Obj.Format(Obj.StringMap(after["spec"]?["selector"]))} after the write");
            ctx.Info($"Service {w.Service}: selector {record.VersionLabel}={version} — all traffic to {target}");
            wrote |= written;
        }
        return wrote;
    }

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        foreach (var w in record.Workloads)
        {
            var service = w.Service is null ? null : await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, w.Service, ct);
            var selected = (string?)service?["spec"]?["selector"]?[record.VersionLabel];
            var name = w.Service ?? w.BaselineWorkload;
            if (service is null) notes.Add($"no Service in front of {w.BaselineWorkload}");
            else if (selected != record.BaselineVersion && selected != record.GrayVersion)
                notes.Add($"Service {w.Service} selects {record.VersionLabel}={selected ?? "(any)"}, which is neither {record.BaselineVersion} nor {record.GrayVersion}");
            shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", selected == record.BaselineVersion ? 100 : 0));
            shares.Add(new VersionShare(name, record.GrayVersion, w.GrayWorkload, "gray", selected == record.GrayVersion ? 100 : 0));
        }
        return new TrafficSplit(shares, notes);
    }

    /// <summary>Traffic only ever goes to a ready workload: this is checked right before each switch.</summary>
    private static async Task EnsureReadyAsync(StepContext ctx, string workload, string version, CancellationToken ct)
    {
        var d = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, workload, ct)
            ?? throw new ReleaseConflictException($"Deployment {ctx.Namespace}/{workload} ({version}) does not exist; it cannot take traffic");
        var state = RolloutEvaluator.Evaluate(d);
        if (state.Phase != RolloutPhase.Ready || state.Desired == 0)
            throw new ReleaseConflictException(
                $"Deployment {workload} ({version}) is not ready ({(state.Desired == 0 ? "scaled to 0" : state.Message)}); refusing to send traffic to it");
    }
}
