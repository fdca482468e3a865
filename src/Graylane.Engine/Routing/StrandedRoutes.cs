using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Engine.Records;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing;

/// <summary>
/// What every router shares for "promote never leaves a route on a version with no pods": the retiring versions, and the
/// routes outside the router's own management that still point at them — Services whose selector picks only the
/// retiring pods, Ingresses backed by those Services, VirtualService http/tcp/tls routes to their subset — found by reads
/// only, and moved to the new version (every other field kept) through the ledger. A router says which routes are its own.
/// </summary>
public static class StrandedRoutes
{
    /// <summary>Routes the router manages itself (it moves them); everything else found is reported.</summary>
    public delegate bool ManagedRoute(JsonObject virtualService, JsonObject route);

    /// <summary>For routers that manage no VirtualService route.</summary>
    public static bool NoRoutes(JsonObject virtualService, JsonObject route) => false;

    public static async Task<IReadOnlyList<StrandedRoute>> FindAsync(StepContext ctx, ReleaseRecord record, ManagedRoute managed, CancellationToken ct)
    {
        var versions = await VersionsAsync(ctx, record, ct);
        var found = new List<StrandedRoute>();
        if (versions.Count == 0) return found;
        var own = record.Workloads.Select(w => w.Service).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var services = await TryListAsync(ctx, KubeResource.Services, ct);
        found.AddRange(StrandedRoutePlanner.Services(services, versions, k => own.Contains(k.Name) || record.Ledger.Find(k) is not null));
        var stranded = found.Select(f => f.Object.Name).ToHashSet(StringComparer.Ordinal);
        if (stranded.Count > 0)
            found.AddRange(StrandedRoutePlanner.Ingresses(await TryListAsync(ctx, KubeResource.Ingresses, ct), stranded));
        var virtualServices = await TryListAsync(ctx, KubeResource.VirtualServices, ct);
        var rules = virtualServices.Count == 0 ? [] : await TryListAsync(ctx, KubeResource.DestinationRules, ct);
        foreach (var vs in virtualServices)
            found.AddRange(StrandedRoutePlanner.VirtualServiceRoutes(vs, versions, rules, (v, r) => managed(v, r)));
        return found;
    }

    /// <summary>
    /// Writes each object with its stranded routes moved (as planned when they were found; a change since then is a 409,
    /// not an overwrite), through the ledger so rollback restores it. Ingresses follow their Service and need no write.
    /// </summary>
    public static async Task MoveAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct)
    {
        if (routes.FirstOrDefault(f => f.Move is null) is { } stuck)
            throw new Steps.StepFailedException($"{stuck} cannot be moved: {stuck.Problem}");
        var record = session.Current;
        foreach (var w in record.Workloads.Where(w => w.GrayCreated)) // traffic only ever goes to ready pods
            await Workloads.WorkloadReadiness.EnsureReadyAsync(ctx, w.GrayWorkload, record.GrayVersion, ct);
        foreach (var group in routes.Where(r => r.Current is not null && r.Moved is not null).GroupBy(r => r.Object))
        {
            var route = group.First();
            var resource = KubeResource.ForKind((string?)route.Current!["apiVersion"] ?? "v1", route.Object.Kind);
            await ManagedWrites.PutAsync(ctx, session, resource, route.Current, route.Moved!, ct);
        }
        foreach (var f in routes) ctx.Info($"Moved {f.Object} {f.Route}: {f.Target} -> {f.Move} (every other field kept)");
    }

    /// <summary>The refusal when routes would be stranded and --move-routes was not given (exit 1, nothing written).</summary>
    public static string Refusal(ReleaseRecord record, IReadOnlyList<StrandedRoute> found) =>
        $"promote would leave {found.Count} route(s) on {record.BaselineVersion}, whose pods it is about to retire: " +
        string.Join("; ", found.Select(f => f.ToString())) + ". Nothing was changed. " +
        (found.Any(f => f.Move is null)
            ? string.Join(" ", found.Where(f => f.Move is null).Select(f => $"{f.Object}: {f.Problem}."))
            : $"Run promote --move-routes to point them at {record.GrayVersion} (every other field kept), or change them yourself first.");

    /// <summary>Each created gray workload's baseline, which promote retires, and its gray, which takes its place.</summary>
    private static async Task<IReadOnlyList<RetiringVersion>> VersionsAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var versions = new List<RetiringVersion>();
        var workloads = record.Workloads.Where(w => w.GrayCreated && w.BaselineWorkload.Length > 0).ToList();
        if (workloads.Count == 0) return versions;
        var deployments = (await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct)).ToDictionary(Obj.Name, StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            var (oldSelector, newSelector) = (VersionSelectors.Baseline(record, w), VersionSelectors.Gray(record, w));
            var oldPods = PodLabels(deployments.GetValueOrDefault(w.BaselineWorkload), oldSelector);
            var newPods = PodLabels(deployments.GetValueOrDefault(w.GrayWorkload), newSelector);
            var oldVersion = oldSelector.Values.FirstOrDefault() ?? record.BaselineVersion;
            versions.Add(new RetiringVersion(w.Service, w.BaselineWorkload, oldVersion, record.GrayVersion, oldPods, newPods, oldSelector, newSelector));
        }
        return versions;
    }

    private static Dictionary<string, string> PodLabels(JsonObject? deployment, IReadOnlyDictionary<string, string> selector)
    {
        var labels = Obj.StringMap(deployment?["spec"]?["template"]?["metadata"]?["labels"]);
        foreach (var (k, v) in selector) labels[k] = v;
        return labels;
    }

    /// <summary>A kind the cluster does not serve (no Istio, no Ingress API) has nothing to strand; one we may not list is said and skipped.</summary>
    private static async Task<IReadOnlyList<JsonObject>> TryListAsync(StepContext ctx, KubeResource resource, CancellationToken ct)
    {
        try
        {
            return await ctx.Kube.ListItemsAsync(resource, ctx.Namespace, ct: ct);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return [];
        }
        catch (KubeApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            ctx.Warn($"cannot list {resource.Plural} ({resource.Group}), so routes in them to {resource.Kind}s were not checked: {ex.Message}");
            return [];
        }
    }

}
