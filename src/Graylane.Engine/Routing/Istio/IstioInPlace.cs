using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Engine.Records;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Istio;

/// <summary>
/// In-place promote through Istio (docs/promote.md), once the stable Deployment runs the new version under its own name
/// and is ready, before the gray goes: the user's VirtualService gets its route back as it was before the release when
/// that route reaches the stable's new pods (else the route goes to the subset that selects them, as a replace promote
/// ends); a VirtualService Graylane created goes, so the Service routes alone as before; and the subsets the release added
/// that no route names any more leave the user's DestinationRule. The gray's pods stay selectable until they go, so
/// traffic is on ready pods throughout. Each write goes through the ledger; a re-run skips what is already done.
/// </summary>
internal static class IstioInPlace
{
    public static async Task RestoreRoutingAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var mesh = IstioRouter.Mesh(record);
        var w = record.Workloads.Single();
        var service = w.Service!;
        var stable = await ctx.Kube.GetAsync(KubeResource.Deployments, ctx.Namespace, w.BaseName, ct)
            ?? throw new ReleaseConflictException($"Deployment {ctx.Namespace}/{w.BaseName} is gone; run promote again to recreate it, or roll back");
        var stableLabels = Obj.StringMap(stable["spec"]?["template"]?["metadata"]?["labels"]);
        var dr = mesh.DestinationRule is { } drName ? await ctx.Kube.GetAsync(KubeResource.DestinationRules, ctx.Namespace, drName, ct) : null;

        JsonObject? vs = mesh.VirtualService is { } vsName ? await ctx.Kube.GetAsync(KubeResource.VirtualServices, ctx.Namespace, vsName, ct) : null;
        if (vs is not null && record.FindSnapshot(KubeResource.VirtualServices.Kind, Obj.Name(vs)) is { Existed: true, Object: { } before })
        {
            if (record.Ledger.Drift(Key(KubeResource.VirtualServices, ctx.Namespace, vs), vs) is { } drift)
                throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
            var index = VirtualServicePlanner.FindRoute(vs, mesh.Route, service);
            var userRoute = (JsonObject)before["spec"]!["http"]![VirtualServicePlanner.FindRoute(before, mesh.Route, service)]!;
            var plan = InPlaceRoutePlanner.PlanRoute(vs, index, record.App, userRoute, dr, IstioRouter.Target(mesh, service), stableLabels);
            if (JsonNode.DeepEquals(plan.VirtualService, vs))
                ManagedWrites.Adopt(ctx, record, KubeResource.VirtualServices, vs);
            else
            {
                vs = await ManagedWrites.PutAsync(ctx, session, KubeResource.VirtualServices, vs, plan.VirtualService, ct);
                ctx.Info($"VirtualService {Obj.Name(vs)}: route {mesh.Route ?? "(unnamed)"} goes to {plan.Destination}, in front of Deployment {w.BaseName}; Graylane's routes removed");
            }
        }
        else if (vs is not null)
        {
            // Graylane created it for the release: without it the Service routes to the stable's pods, as before the release.
            if (await ManagedWrites.DeleteAsync(ctx, session, KubeResource.VirtualServices, vs, ct))
                ctx.Info($"Deleted VirtualService {Obj.Name(vs)}, created for the release: Service {service} routes to Deployment {w.BaseName} as before");
            vs = null;
        }

        if (dr is not null && record.FindSnapshot(KubeResource.DestinationRules.Kind, Obj.Name(dr)) is { Existed: true, Object: { } drBefore })
        {
            var cleaned = InPlaceRoutePlanner.WithoutReleaseSubsets(dr, drBefore, vs);
            if (JsonNode.DeepEquals(cleaned, dr))
                ManagedWrites.Adopt(ctx, record, KubeResource.DestinationRules, dr);
            else
            {
                await ManagedWrites.PutAsync(ctx, session, KubeResource.DestinationRules, dr, cleaned, ct);
                ctx.Info($"DestinationRule {Obj.Name(dr)}: the subsets the release added are removed");
            }
        }
    }

    private static ObjectKey Key(KubeResource resource, string ns, JsonObject o) => new(resource.Kind, Obj.Namespace(o) ?? ns, Obj.Name(o));
}
