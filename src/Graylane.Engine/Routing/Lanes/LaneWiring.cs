using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Planning.Lanes;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Lanes;

/// <summary>
/// Reads an app's lanes from the cluster (plain Istio objects or ASM lane objects, plus the gateway's entry route)
/// and writes a new lane model back: only objects that differ are written, each snapshotted in the release record
/// before its first change, in an order that never routes a request to a subset or lane that is not there yet.
/// </summary>
public sealed class LaneWiring(StepContext ctx, LaneRouting settings, string app, string versionLabel)
{
    private bool Asm => settings.Flavor == LaneFlavor.Asm;
    private string GatewayNamespace => settings.Gateway.Split('/')[0];

    public static ObjectKey Key(KubeResource r, string? ns, string name) => new(r.Kind, r.Namespaced ? ns : null, name);

    /// <summary>The lanes as they are; with no lane objects yet, every service on the version its Deployments run.</summary>
    public async Task<LaneState> ReadAsync(IReadOnlyDictionary<string, string>? initialBaselines, CancellationToken ct)
    {
        var objects = new Dictionary<ObjectKey, JsonObject?>();
        LaneModel? model = null;
        if (Asm)
        {
            var group = await ctx.Kube.GetCachedAsync(KubeResource.AsmSwimLaneGroups, null, app, ct);
            objects[Key(KubeResource.AsmSwimLaneGroups, null, app)] = group;
            var lanes = group is null ? [] : await ctx.Kube.ListItemsAsync(KubeResource.AsmSwimLanes, null, $"{AsmLanesPlanner.GroupLabel}={app}", ct: ct);
            foreach (var lane in lanes) objects[Key(KubeResource.AsmSwimLanes, null, Obj.Name(lane))] = lane;
            if (group is not null)
                model = AsmLanesPlanner.Read(app, ctx.Namespace, settings.Services, settings.EntryService, versionLabel, group, lanes)
                    ?? throw new ReleaseConflictException($"ASMSwimLaneGroup {app} names no baseline (serviceLevelFallback) for some of {string.Join(", ", settings.Services)}; add them to the group");
        }
        else
        {
            var read = new LaneModel
            {
                App = app, Namespace = ctx.Namespace, Services = settings.Services, EntryService = settings.EntryService,
                RouteHeader = settings.RouteHeader, VersionLabel = versionLabel,
            };
            var found = 0;
            foreach (var s in settings.Services)
            {
                var name = IstioLanesPlanner.ObjectName(s);
                var vs = await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, ctx.Namespace, name, ct);
                objects[Key(KubeResource.VirtualServices, ctx.Namespace, name)] = vs;
                objects[Key(KubeResource.DestinationRules, ctx.Namespace, name)] = await ctx.Kube.GetCachedAsync(KubeResource.DestinationRules, ctx.Namespace, name, ct);
                if (vs is not null && IstioLanesPlanner.Read(read, s, vs)) found++;
            }
            if (found == settings.Services.Count) model = read;
            else if (found > 0)
            {
                // Services added to the app later start on the version their Deployments run.
                var derived = await DeployedBaselinesAsync(initialBaselines, settings.Services.Where(s => !read.Baselines.ContainsKey(s)).ToList(), ct);
                foreach (var (s, v) in derived)
                {
                    read.Baselines[s] = v;
                    read.AddMember(v, s);
                }
                model = read;
            }
        }

        var existed = model is not null;
        if (model is null)
        {
            var baselines = await DeployedBaselinesAsync(initialBaselines, settings.Services, ct);
            model = LaneModel.Bootstrap(app, ctx.Namespace, settings.Services, settings.EntryService, settings.RouteHeader, versionLabel, baselines);
        }

        var gateway = settings.GatewayVirtualService.Length == 0 ? null
            : await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, GatewayNamespace, settings.GatewayVirtualService, ct);
        if (settings.GatewayVirtualService.Length > 0)
            objects[Key(KubeResource.VirtualServices, GatewayNamespace, settings.GatewayVirtualService)] = gateway;
        var entryRoute = -1;
        if (gateway is not null)
        {
            entryRoute = EntryRoutePlanner.FindRoute(gateway, settings.EntryService, ctx.Namespace);
            if (entryRoute < 0)
                throw new ReleaseConflictException($"VirtualService {GatewayNamespace}/{settings.GatewayVirtualService} has no route to the entry service {settings.EntryService}");
            model.Entry = EntryRoutePlanner.Read(gateway, entryRoute, model.RouteHeader).Where(e => e.Weight > 0).ToList();
        }
        return new LaneState { Model = model, Objects = objects, Existed = existed, EntryRoute = entryRoute };
    }

    /// <summary>
    /// Makes the cluster express the desired model. With a release session every write goes through the ledger
    /// (snapshot, pending write, drift refused); without one (dev lanes) objects are written plainly. Returns true when it wrote.
    /// </summary>
    public async Task<bool> WriteAsync(LaneState live, LaneModel desired, ReleaseSession? session, CancellationToken ct)
    {
        if (session is not null && Drift(live, session.Current.Ledger) is { Count: > 0 } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal(drift));
        var written = false;
        if (Asm)
        {
            foreach (var lane in desired.Lanes.Keys)
                written |= await PutAsync(KubeResource.AsmSwimLanes, null, lane, l => AsmLanesPlanner.Lane(desired, lane, l), live, session, ct);
            written |= await PutAsync(KubeResource.AsmSwimLaneGroups, null, app,
                g => AsmLanesPlanner.Group(desired, settings.Gateway, settings.TraceHeader, g), live, session, ct);
            written |= await WriteGatewayAsync(live, desired, session, ct);
            foreach (var key in live.Objects.Where(o => o.Value is not null && o.Key.Kind == KubeResource.AsmSwimLanes.Kind).Select(o => o.Key).ToList())
                if (!desired.Lanes.ContainsKey(key.Name))
                    written |= await DeleteAsync(KubeResource.AsmSwimLanes, null, key.Name, live, session, ct);
            return written;
        }

        // Subsets first (old and new), then the routes, the gateway, and only then subsets nothing routes to any more.
        var liveModel = live.Model;
        foreach (var s in desired.Services)
        {
            var name = IstioLanesPlanner.ObjectName(s);
            var keep = IstioLanesPlanner.Subsets(live.Objects.GetValueOrDefault(Key(KubeResource.DestinationRules, ctx.Namespace, name)))
                .Concat(live.Existed ? liveModel.LanesOf(s) : []);
            written |= await PutAsync(KubeResource.DestinationRules, ctx.Namespace, name, _ => IstioLanesPlanner.DestinationRule(desired, s, keep), live, session, ct);
        }
        foreach (var s in desired.Services)
            written |= await PutAsync(KubeResource.VirtualServices, ctx.Namespace, IstioLanesPlanner.ObjectName(s),
                _ => IstioLanesPlanner.VirtualService(desired, s), live, session, ct);
        written |= await WriteGatewayAsync(live, desired, session, ct);
        foreach (var s in desired.Services)
            written |= await PutAsync(KubeResource.DestinationRules, ctx.Namespace, IstioLanesPlanner.ObjectName(s),
                _ => IstioLanesPlanner.DestinationRule(desired, s), live, session, ct);
        return written;
    }

    /// <summary>The release's entry route at the gateway, read back after the write.</summary>
    private async Task<bool> WriteGatewayAsync(LaneState live, LaneModel desired, ReleaseSession? session, CancellationToken ct)
    {
        var name = settings.GatewayVirtualService;
        if (name.Length == 0) return false; // dev lanes enter through their own VirtualService
        var wrote = await PutAsync(KubeResource.VirtualServices, GatewayNamespace, name, vs => vs is null
            ? EntryRoutePlanner.Create(name, settings.Gateway, settings.Host, desired)
            : EntryRoutePlanner.Apply(vs, EntryRoutePlanner.FindRoute(vs, settings.EntryService, ctx.Namespace), desired), live, session, ct);
        if (!wrote) return false;
        // Read back: the split must be what was asked for.
        var after = await ctx.Kube.GetCachedAsync(KubeResource.VirtualServices, GatewayNamespace, name, ct)
            ?? throw new Steps.StepFailedException($"VirtualService {GatewayNamespace}/{name} is gone right after Graylane wrote it");
        var weights = EntryRoutePlanner.Read(after, EntryRoutePlanner.FindRoute(after, settings.EntryService, ctx.Namespace), desired.RouteHeader);
        if (!weights.SequenceEqual(desired.Entry))
            throw new Steps.StepFailedException($"VirtualService {GatewayNamespace}/{name}: read back {Format(weights)} after the write, expected {Format(desired.Entry)}");
        ctx.Info($"Gateway {settings.Gateway} -> {settings.EntryService}: {Format(weights)}");
        return true;
    }

    public static string Format(IEnumerable<LaneWeight> weights) => string.Join(", ", weights.Select(w => $"lane {w.Lane} {w.Weight}%"));

    private async Task<bool> PutAsync(KubeResource r, string? ns, string name, Func<JsonObject?, JsonObject> build,
        LaneState live, ReleaseSession? session, CancellationToken ct)
    {
        var key = Key(r, ns, name);
        var current = live.Objects.TryGetValue(key, out var known) ? known : await ctx.Kube.GetCachedAsync(r, ns, name, ct);
        var wanted = build(current);
        if (current is not null)
        {
            var merged = Obj.Clone(current);
            merged["spec"] = wanted["spec"]!.DeepClone();
            foreach (var (k, v) in Obj.Labels(wanted)) Obj.SetLabel(merged, k, v);
            foreach (var (k, v) in Obj.Annotations(wanted)) Obj.SetAnnotation(merged, k, v);
            if (JsonNode.DeepEquals(merged, current))
            {
                if (session is not null)
                {
                    ManagedWrites.RefuseWriteInFlight(ctx, session.Current, key, current);
                    session.Current.Ledger.Written(key, current);
                }
                return false;
            }
            wanted = merged;
        }
        if (r.Namespaced && Obj.Namespace(wanted) is null) Obj.Metadata(wanted)["namespace"] = ns;
        JsonObject stored;
        if (session is not null)
        {
            stored = await ManagedWrites.PutAsync(ctx, session, r, current, wanted, ct);
        }
        else
        {
            try
            {
                stored = current is null
                    ? await Workloads.ObjectWriter.CreateAsync(ctx.Kube, r, ns ?? "", wanted, ct)
                    : await ctx.Kube.ReplaceAsync(r, ns, wanted, ct);
            }
            catch (KubeApiException ex) when (ex.IsConflict)
            {
                throw new ReleaseConflictException($"{key} changed while Graylane was writing it; nothing was overwritten — run the step again to plan from the new version");
            }
        }
        live.Objects[key] = stored;
        ctx.Info($"{(current is null ? "Created" : "Updated")} {r.Kind} {(ns is null ? "" : ns + "/")}{name}");
        return true;
    }

    private async Task<bool> DeleteAsync(KubeResource r, string? ns, string name, LaneState live, ReleaseSession? session, CancellationToken ct)
    {
        var key = Key(r, ns, name);
        var current = live.Objects.GetValueOrDefault(key);
        if (current is null) return false;
        if (session is not null) await ManagedWrites.DeleteAsync(ctx, session, r, current, ct);
        else await Workloads.ObjectWriter.DeleteAsync(ctx.Kube, r, ns ?? "", name, null, ct);
        live.Objects[key] = null;
        ctx.Info($"Deleted {r.Kind} {name}: none of its services takes traffic any more");
        return true;
    }

    /// <summary>Objects someone changed since Graylane last wrote them (the ledger's last writes against the lanes as read).</summary>
    public static IReadOnlyList<DriftFinding> Drift(LaneState live, ObjectLedger ledger)
    {
        var found = new List<DriftFinding>();
        foreach (var entry in ledger.Objects)
            if (live.Objects.TryGetValue(entry.Key, out var now) && ledger.Drift(entry.Key, now) is { } drift)
                found.Add(drift);
        return found;
    }

    /// <summary>Objects of the lanes as read whose pending write is not live (see TrafficSplit.Unlanded).</summary>
    public static IReadOnlyList<ObjectKey> Unlanded(LaneState live, ObjectLedger ledger) =>
        ledger.Objects.Where(e => live.Objects.TryGetValue(e.Key, out var now) && ledger.Unlanded(e.Key, now)).Select(e => e.Key).ToList();

    /// <summary>Each service's version as its Deployments run it (the version label of the pods its Service selects).</summary>
    private async Task<Dictionary<string, string>> DeployedBaselinesAsync(IReadOnlyDictionary<string, string>? given, IEnumerable<string> services, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var deployments = await ctx.Kube.ListItemsAsync(KubeResource.Deployments, ctx.Namespace, ct: ct);
        foreach (var s in services)
        {
            var versions = await LaneWorkloads.VersionsAsync(ctx, s, versionLabel, deployments, ct);
            if (given?.GetValueOrDefault(s) is { } chosen)
            {
                if (!versions.ContainsKey(chosen))
                    throw new InvalidInputException("baselines",
                        $"baseline {s}={chosen}: no Deployment behind Service {s} runs {versionLabel}={chosen} (found: {(versions.Count == 0 ? "none" : string.Join(", ", versions.Keys))})");
                result[s] = chosen;
            }
            else if (versions.Count == 1) result[s] = versions.Keys.First();
            else if (versions.Count == 0)
                throw new InvalidInputException("baselines", await LaneWorkloads.NoVersionMessageAsync(ctx, s, versionLabel, deployments, ct));
            else
                throw new InvalidInputException("baselines",
                    $"Service {s} selects Deployments of several versions ({string.Join(", ", versions.Keys)}); say which one is the baseline with --baselines {s}=<version>");
        }
        return result;
    }
}
