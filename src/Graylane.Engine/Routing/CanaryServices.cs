using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// The Service in front of the gray pods for routers whose backends are Services (Gateway API, ingress-nginx): the
/// user's --canary-service, or &lt;service&gt;-&lt;version&gt; that Graylane creates before the gray pods start (snapshotted as
/// created, so rollback deletes it) and deletes at promote once nothing routes to it.
/// </summary>
public static class CanaryServices
{
    /// <summary>Before any write: a given canary exists and selects the gray pods; Graylane's own name is valid and free.</summary>
    public static async Task ValidateAsync(StepContext ctx, ReleaseRecord record, string service, string? given, IReadOnlyDictionary<string, string> grayPodLabels, CancellationToken ct)
    {
        if (given is not null)
        {
            var svc = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, given, ct)
                ?? throw new InvalidInputException("canary-service", $"--canary-service {given} not found in namespace {ctx.Namespace}");
            var selector = SelectorWriter.Selector(svc);
            if (grayPodLabels.Count > 0 && !Obj.Matches(selector, grayPodLabels))
                throw new InvalidInputException("canary-service",
                    $"--canary-service {given} selects {Obj.Format(selector)}, which does not pick the gray pods ({Obj.Format(grayPodLabels)}); it must select the new version's pods only");
            return;
        }
        var name = CanaryServicePlanner.Name(service, record.GrayVersion);
        if (!KubeNames.IsDnsLabel(name) || !char.IsAsciiLetterLower(name[0]))
            throw new InvalidInputException("version",
                $"the canary Service name {KubeNames.Printable(name)} (<service>-<version>) is not a valid Service name (lower-case letters, digits and '-', starting with a letter, at most 63 characters); give --canary-service NAME, or a --version that makes one");
        if (await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, name, ct) is { } existing
            && !CanaryServicePlanner.IsOurs(existing, record.App, record.GrayVersion) && record.FindSnapshot(KubeResource.Services.Kind, name) is null)
            throw new InvalidInputException("canary-service",
                $"Service {name} already exists in namespace {ctx.Namespace} and is not the canary of this release; give --canary-service {name} to use it as the canary, or choose another --version");
    }

    /// <summary>Creates Graylane's canary Service (or points an earlier run's at the gray pods again).</summary>
    public static async Task EnsureAsync(StepContext ctx, ReleaseSession session, string service, string name, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var stable = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
            ?? throw new InvalidInputException("service", $"Service {service} not found in namespace {ctx.Namespace}");
        var planned = CanaryServicePlanner.Plan(stable, name, VersionSelectors.Gray(record, w), record.App, record.GrayVersion);
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, name, ct);
        if (live is null)
        {
            // Snapshotted as created (and saved) before the create: rollback deletes it, a re-run finds it as its own.
            planned["metadata"]!["namespace"] = ctx.Namespace;
            await ManagedWrites.PutAsync(ctx, session, KubeResource.Services, null, planned, ct);
            ctx.Info($"Created Service {name} selecting {Obj.Format(SelectorWriter.Selector(planned))} (the gray pods) for the gray's share of the traffic");
            return;
        }
        if (JsonNode.DeepEquals(live["spec"]?["selector"], planned["spec"]!["selector"]))
        {
            ManagedWrites.Adopt(ctx, record, KubeResource.Services, live);
            return;
        }
        var wanted = Obj.Clone(live);
        wanted["spec"]!["selector"] = planned["spec"]!["selector"]!.DeepClone();
        await ManagedWrites.PutAsync(ctx, session, KubeResource.Services, live, wanted, ct);
    }

    /// <summary>The canary Service as it is now; a missing one while traffic should reach it is a conflict, as is someone else's change.</summary>
    public static async Task<JsonObject> RequireAsync(StepContext ctx, ReleaseRecord record, string name, CancellationToken ct)
    {
        var live = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, name, ct)
            ?? throw new ReleaseConflictException($"canary Service {ctx.Namespace}/{name} of the release of {record.App} no longer exists; roll back, or recreate it");
        if (record.Ledger.Drift(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, name), live) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
        return live;
    }

    /// <summary>promote's end: the canary Graylane created goes (nothing routes to it any more).</summary>
    public static async Task RemoveAsync(StepContext ctx, ReleaseSession session, string name, CancellationToken ct)
    {
        var record = session.Current;
        if (record.FindSnapshot(KubeResource.Services.Kind, name) is not { Existed: false }) return;
        if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.Services, ctx.Namespace, name, null, ct))
            ctx.Info($"Deleted Service {name}, created for the release");
        record.Ledger.Forget(new ObjectKey(KubeResource.Services.Kind, ctx.Namespace, name));
    }
}
