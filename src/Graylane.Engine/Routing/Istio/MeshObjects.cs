using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Istio;

/// <summary>
/// Finds (or, when there is none, creates) the Istio objects a release routes through: the VirtualService holding the
/// managed route, and in subset mode the DestinationRule with a subset per version. Writes go through the ledger.
/// </summary>
internal static class MeshObjects
{
    /// <summary>The VirtualService the release manages: the one recorded, else the one the selection (or the Service) points at; null when none.</summary>
    public static async Task<JsonObject?> FindVirtualServiceAsync(StepContext ctx, ReleaseRecord record, string service, CancellationToken ct)
    {
        var mesh = IstioRouter.Mesh(record);
        JsonObject? vs;
        if (mesh.VirtualService is { } known && record.FindSnapshot(KubeResource.VirtualServices.Kind, known) is not null)
        {
            vs = await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ctx.Namespace, known, ct);
            if (vs is null && record.FindSnapshot(KubeResource.VirtualServices.Kind, known) is { Existed: true })
                throw new ReleaseConflictException($"VirtualService {ctx.Namespace}/{known} managed by the release of {record.App} was deleted by someone else; roll back or recreate it");
        }
        else
        {
            var all = await ctx.Kube.ListItemsAsync(KubeResource.VirtualServices, ctx.Namespace, ct: ct);
            vs = VirtualServiceFinder.Find(all, mesh.VirtualService, service, mesh.Gateway, mesh.Host);
        }
        if (vs is not null) mesh.VirtualService = Obj.Name(vs);
        return vs;
    }

    public static async Task<JsonObject> CreateVirtualServiceAsync(StepContext ctx, ReleaseSession session, string service, IstioTarget target, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = IstioRouter.Mesh(record);
        var gateways = mesh.Gateway is null ? null : new[] { mesh.Gateway };
        var hosts = mesh.Host is null ? null : new[] { mesh.Host };
        var created = VirtualServicePlanner.CreateVirtualService(mesh.VirtualService ?? $"graylane-{service}", ctx.Namespace, target, service, gateways, hosts);
        mesh.VirtualService = Obj.Name(created);
        var stored = await ManagedWrites.PutAsync(ctx, session, KubeResource.VirtualServices, null, created, ct);
        ctx.Info($"Created VirtualService {mesh.VirtualService} routing {service} to {record.BaselineVersion}");
        return stored;
    }

    /// <summary>
    /// The two destinations of the managed route. Host mode: the stable and the canary Service. Subset mode: a
    /// DestinationRule with a subset per version (reusing the user's when one already selects the version).
    /// </summary>
    /// <remarks>A DestinationRule that lacks a version's subset is not written here: the change comes back with the target, so
    /// that the caller saves it and the route's write in one record write (a DestinationRule that does not exist yet is
    /// created here, before the VirtualService that will name its subsets).</remarks>
    public static async Task<(IstioTarget Target, ManagedWrites.PlannedWrite? RuleChange)> PlanTargetAsync(StepContext ctx, ReleaseSession session, string service, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = IstioRouter.Mesh(record);
        if (mesh.Mode == IstioMode.Host)
        {
            var canary = mesh.CanaryService!;
            if (await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, canary, ct) is null)
                throw new InvalidInputException("canary-service", $"--canary-service {canary} not found in namespace {ctx.Namespace}");
            return (IstioTarget.Hosts(service, canary), null);
        }
        var w = record.Workloads.Single();
        var (baselineName, grayName) = SubsetNames(record, w);
        var wanted = new[] { (baselineName, VersionSelectors.Baseline(record, w)), (grayName, VersionSelectors.Gray(record, w)) };
        var rules = await ctx.Kube.ListItemsAsync(KubeResource.DestinationRules, ctx.Namespace, ct: ct);
        var dr = mesh.DestinationRule is { } known
            ? rules.FirstOrDefault(r => Obj.Name(r) == known)
            : rules.FirstOrDefault(r => (string?)r["spec"]?["host"] is { } h && IstioHosts.Same(h, service, ctx.Namespace));
        if (dr is null)
        {
            var created = DestinationRulePlanner.Create($"graylane-{service}", ctx.Namespace, service, wanted);
            mesh.DestinationRule = Obj.Name(created);
            await ManagedWrites.PutAsync(ctx, session, KubeResource.DestinationRules, null, created, ct);
            ctx.Info($"Created DestinationRule {mesh.DestinationRule} with subsets {baselineName} ({VersionSelectors.Format(wanted[0].Item2)}) and {grayName} ({VersionSelectors.Format(wanted[1].Item2)})");
            (mesh.BaselineSubset, mesh.GraySubset) = (baselineName, grayName);
        }
        else
        {
            mesh.DestinationRule = Obj.Name(dr);
            var plan = DestinationRulePlanner.EnsureSubsets(dr, service, wanted);
            (mesh.BaselineSubset, mesh.GraySubset) = (plan.SubsetNames[baselineName], plan.SubsetNames[grayName]);
            if (plan.Changed)
                return (IstioTarget.Subsets(service, mesh.BaselineSubset!, mesh.GraySubset!), new(KubeResource.DestinationRules, dr, plan.DestinationRule));
        }
        return (IstioTarget.Subsets(service, mesh.BaselineSubset!, mesh.GraySubset!), null);
    }

    /// <summary>The copy of the previous version in a rollback after an in-place promote gets its own subset.</summary>
    public const string RollbackSubset = "graylane-rollback";

    /// <summary>
    /// Subset names: the release's two versions; in the reverse release of a rollback after an in-place promote (its gray is
    /// the copy of the previous version, labelled apart), the version serving now, named by the value that selects it
    /// (its version, or its pods' template hash), and the copy.
    /// </summary>
    private static (string Baseline, string Gray) SubsetNames(ReleaseRecord record, WorkloadRelease w) =>
        w.GraySelector.ContainsKey(Steps.InPlaceRollback.CopyLabel) && w.BaselineSelector.Count == 1
            ? (w.BaselineSelector.Values.Single(), RollbackSubset)
            : (record.BaselineVersion, record.GrayVersion);
}
