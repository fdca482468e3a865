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

    public void Validate(TrafficState wanted)
    {
        if (wanted.Weight is not (0 or 100))
            throw new InvalidInputException("weight",
                $"--weight {wanted.Weight} is not possible with --router service: a Service selector sends all traffic to one version, so use 0 or 100. " +
                "Partial weights need a router that splits traffic: --router istio (a service mesh).");
        if (wanted.Matches.Count > 0)
            throw new InvalidInputException("match", "--match needs a router that can look at requests: use --router istio; a Service selector cannot route by header, cookie or query");
        if (wanted.Mirror > 0)
            throw new InvalidInputException("mirror", "--mirror needs a service mesh: use --router istio; a Service selector cannot copy traffic");
        if (wanted.SetHeaders.Count > 0)
            throw new InvalidInputException("set-header", "--set-header needs a service mesh: use --router istio");
    }

    /// <summary>When the Service selector would also match the gray pods, pin it to the baseline version first.</summary>
    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, RouteSelection selection, IReadOnlyDictionary<string, string> grayPodLabels, CancellationToken ct)
    {
        var record = session.Current;
        foreach (var serviceName in record.Workloads.Select(w => w.Service).OfType<string>())
        {
            var live = await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, serviceName, ct)
                ?? throw new InvalidInputException("service", $"Service {serviceName} not found in namespace {ctx.Namespace}");
            var selector = Obj.StringMap(live["spec"]?["selector"]);
            if (!Obj.Matches(selector, grayPodLabels)) continue;
            await PointSelectorAsync(ctx, session, serviceName, live, record.BaselineVersion, ct);
            ctx.Info($"Service {serviceName} selected every version ({Obj.Format(selector)}); pinned it to {record.VersionLabel}={record.BaselineVersion} so the gray pods get no traffic");
        }
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        Validate(wanted);
        var record = session.Current;
        var toGray = wanted.Weight == 100;
        var version = toGray ? record.GrayVersion : record.BaselineVersion;
        var wrote = false;
        foreach (var w in record.Workloads)
        {
            if (w.Service is null)
                throw new ReleaseConflictException(
                    $"the release of {record.App} has no Service in front of {w.BaselineWorkload}; give --service to deploy-gray so the service router can switch it");
            var target = toGray ? w.GrayWorkload : w.BaselineWorkload;
            var live = await ctx.Kube.GetAsync(KubeResource.Services, ctx.Namespace, w.Service, ct)
                ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{w.Service} of the release of {record.App} no longer exists");
            if ((string?)live["spec"]?["selector"]?[record.VersionLabel] == version)
            {
                ctx.Info($"Service {w.Service} already sends all traffic to {version} ({target})");
                continue;
            }
            await WorkloadReadiness.EnsureReadyAsync(ctx, target, version, ct);
            var (after, written) = await PointSelectorAsync(ctx, session, w.Service, live, version, ct);
            if ((string?)after["spec"]?["selector"]?[record.VersionLabel] != version)
                throw new InvalidOperationException($"Service {w.Service}: selector still reads {Obj.Format(Obj.StringMap(after["spec"]?["selector"]))} after the write");
            ctx.Info($"Service {w.Service}: selector {record.VersionLabel}={version} — all traffic to {target}");
            wrote |= written;
        }
        return wrote;
    }

    /// <summary>
    /// Points a Service's version label at one version — the single way Graylane changes a selector (pin, switch, host-mode
    /// promote): snapshot first, then a resourceVersion-guarded write that touches only that label.
    /// </summary>
    public static async Task<(System.Text.Json.Nodes.JsonObject After, bool Written)> PointSelectorAsync(StepContext ctx, ReleaseSession session,
        string service, System.Text.Json.Nodes.JsonObject live, string version, CancellationToken ct)
    {
        var label = session.Current.VersionLabel;
        await session.SnapshotAsync(KubeResource.Services, service, live, ct);
        return await ObjectWriter.UpdateAsync(ctx.Kube, KubeResource.Services, ctx.Namespace, service,
            svc => Obj.Child(Obj.Child(svc, "spec"), "selector")[label] = version, ct);
    }

    public Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;

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
}
