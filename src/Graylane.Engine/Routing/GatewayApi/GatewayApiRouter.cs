using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.GatewayApi;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.GatewayApi;

/// <summary>
/// Canary through a Gateway API HTTPRoute. Backends are Services, so the gray pods get a canary Service and the stable
/// Service is pinned to the baseline. Graylane edits only the rule it manages in the user's HTTPRoute (backendRef
/// weights, its RequestMirror, the header it sets on gray traffic) and the match rules it appends; at weight 0 the
/// rule is the user's again. With no HTTPRoute it creates graylane-&lt;service&gt; on --gateway. Promote points the stable
/// Service at the new version and gives the user the rule back as it was; the canary Service and a created route go.
/// </summary>
public sealed class GatewayApiRouter : ITrafficRouter
{
    public RouterKind Kind => RouterKind.GatewayApi;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PartialWeights = true,
        Matches = MatchSupport.All, // prefixes become anchored regexes, cookies a regex on the cookie header
        Mirror = true,
        SetHeader = true,
        PromoteModes = new HashSet<PromoteMode> { PromoteMode.Replace, PromoteMode.InPlace },
        RouteInputs = new HashSet<string> { "http-route", "rule", "gateway", "host", "canary-service" },
    };

    public void Validate(TrafficState wanted)
    {
        CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);
        Shift("app", wanted).Validate();
    }

    public async Task ValidatePrepareAsync(StepContext ctx, ReleaseRecord record, PrepareRequest request, CancellationToken ct)
    {
        var service = Service(record, asInput: true);
        var selection = request.Selection;
        if (record.GatewayApi is null)
            await CanaryServices.ValidateAsync(ctx, record, service, selection.CanaryService, request.GrayPodLabels, ct);
        var route = await HttpRouteObjects.FindAsync(ctx, record, service, selection, ct);
        if (route is not null)
        {
            HttpRouteRules.Find(route, record.GatewayApi?.Rule ?? selection.Rule, service, ctx.Namespace);
            return;
        }
        if (record.GatewayApi?.HttpRoute is not null) return; // created by this release; re-created as recorded
        if (selection.Rule is not null)
            throw new InvalidInputException("rule", $"--rule {selection.Rule}: no HTTPRoute in namespace {ctx.Namespace} routes to Service {service}; give --http-route");
        if (selection.Gateway is null)
            throw new InvalidInputException("http-route",
                $"no HTTPRoute in namespace {ctx.Namespace} routes to Service {service}; name yours with --http-route namespace/name, or give --gateway namespace/name to have Graylane create graylane-{service} on that Gateway");
        if (selection.Host is { } host && (host == "*" || !KubeNames.IsDnsSubdomain(host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host)))
            throw new InvalidInputException("host", $"--host \"{KubeNames.Printable(host)}\" is not an HTTPRoute hostname: use e.g. shop.example.com or *.example.com");
        await HttpRouteObjects.RequireGatewayAsync(ctx, selection.Gateway, ct);
    }

    public async Task ValidateShiftAsync(StepContext ctx, ReleaseRecord record, TrafficState wanted, CancellationToken ct)
    {
        // Weights and mirror fit any rule deploy-gray accepted; only match rules can collide with other rules.
        if (record.GatewayApi is null || wanted.Matches.Count == 0) return;
        var route = await RouteAsync(ctx, record, ct);
        if (route is null) return;
        Plan(record, route, wanted, await HttpRouteObjects.NeighboursAsync(ctx, route, ct));
    }

    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        var record = session.Current;
        var w = record.Workloads.Single();
        var service = Service(record);
        var selection = request.Selection;
        var gw = record.GatewayApi ??= new GatewayApiRouting
        {
            Gateway = selection.Gateway,
            Host = selection.Host,
            Rule = selection.Rule,
            CanaryService = selection.CanaryService ?? CanaryServicePlanner.Name(service, record.GrayVersion),
            CanaryServiceGiven = selection.CanaryService is not null,
        };
        // The canary Service first: nothing routes to it yet, and its pods do not exist yet.
        if (!gw.CanaryServiceGiven) await CanaryServices.EnsureAsync(ctx, session, service, gw.CanaryService!, ct);
        await SelectorWriter.PinToBaselineAsync(ctx, session, w, service, request.GrayPodLabels, ct);
        var route = await HttpRouteObjects.FindAsync(ctx, record, service, selection, ct);
        if (route is null)
        {
            var stable = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, service, ct)
                ?? throw new InvalidInputException("service", $"Service {service} not found in namespace {ctx.Namespace}");
            var port = Obj.Objects(stable["spec"]?["ports"]).Select(p => Obj.Long(p["port"])).FirstOrDefault()
                ?? throw new InvalidInputException("service", $"Service {service} has no port for the HTTPRoute's backendRef");
            var created = HttpRoutePlanner.Create(gw.HttpRoute ?? $"graylane-{service}", ctx.Namespace, gw.Gateway!, gw.Host, service, port);
            (gw.HttpRoute, gw.HttpRouteNamespace) = (Obj.Name(created), ctx.Namespace);
            await ManagedWrites.PutAsync(ctx, session, KubeResource.HttpRoutes, null, created, ct);
            ctx.Info($"Created HTTPRoute {gw.HttpRoute} on Gateway {gw.Gateway} routing to Service {service} ({record.BaselineVersion})");
        }
        else
        {
            (gw.HttpRoute, gw.HttpRouteNamespace) = (Obj.Name(route), Obj.Namespace(route) ?? ctx.Namespace);
        }
        ctx.Info($"Routing all traffic to the baseline through HTTPRoute {gw.HttpRouteNamespace}/{gw.HttpRoute} before the gray pods start");
        await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        var record = session.Current;
        var gw = Routing(record);
        if (record.Phase == ReleasePhase.RollingBack && wanted.Weight == 100) return await ShiftToRollbackCopyAsync(ctx, session, ct);
        // A promote run again after it moved the stable Service (and gave the rule back, perhaps deleted the canary).
        if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100 && await StableService.AlreadyFrontsGrayAsync(ctx, record, Service(record), ct))
        {
            ctx.Info($"Service {Service(record)} already fronts {record.GrayVersion}: promote moved it; the HTTPRoute needs no canary share");
            return false;
        }
        var route = await RouteAsync(ctx, record, ct)
            ?? throw new ReleaseConflictException($"HTTPRoute {gw.HttpRouteNamespace}/{gw.HttpRoute} of the release of {record.App} does not exist");
        ThrowIfDrifted(record, route);
        var toGray = wanted.Weight > 0 || wanted.Matches.Count > 0 || wanted.Mirror > 0;
        if (toGray) await CanaryServices.RequireAsync(ctx, record, gw.CanaryService!, ct);
        var (planned, index) = Plan(record, route, wanted, wanted.Matches.Count > 0 ? await HttpRouteObjects.NeighboursAsync(ctx, route, ct) : []);
        gw.Rule ??= GraylaneRoutes.Name(HttpRouteRules.Rules(route)[index]);
        var name = $"{gw.HttpRouteNamespace}/{gw.HttpRoute}";
        if (JsonNode.DeepEquals(planned, route))
        {
            ctx.Info($"HTTPRoute {name} already routes {wanted}");
            ManagedWrites.Adopt(ctx, record, KubeResource.HttpRoutes, route);
            if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100) await StableService.SwitchToGrayAsync(ctx, session, Service(record), ct);
            return false;
        }
        // Readiness is the steps' part (docs/routers.md): a shift reads no Deployment. The write's answer is the object as
        // stored: it is the read-back.
        var after = await ManagedWrites.PutAsync(ctx, session, KubeResource.HttpRoutes, route, planned, ct);
        var weights = HttpRoutePlanner.Read(after, index, Target(record), record.App);
        if (!weights.Satisfies(Shift(record.App, wanted)))
            throw new Steps.StepFailedException($"HTTPRoute {name}: read back {weights} after the write, expected {wanted}");
        ctx.Info($"HTTPRoute {name} rule {RuleName(after, index)}: {weights}");
        // Promote's shift: the stable Service fronts the new version from here on, so in-cluster callers are served while
        // the stable Deployment changes (in place) or the old one retires (replace).
        if (record.Phase == ReleasePhase.Promoting && wanted.Weight == 100) await StableService.SwitchToGrayAsync(ctx, session, Service(record), ct);
        return true;
    }

    /// <summary>
    /// Rollback after an in-place promote is a reverse release whose "gray" is a copy of the previous version: no canary
    /// Service selects it (and promote may have removed the canary), so the stable Service takes the copy's pods, and the
    /// managed rule sends everything to the stable Service. The snapshot restores that follow put both back as they were.
    /// </summary>
    private static async Task<bool> ShiftToRollbackCopyAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var service = Service(record);
        var wrote = await StableService.ToRollbackCopyAsync(ctx, session, service, ct);
        if (await RouteAsync(ctx, record, ct) is not { } route) return wrote;
        var (planned, index) = Plan(record, route, new TrafficState(), []);
        if (JsonNode.DeepEquals(planned, route)) return wrote;
        await ManagedWrites.PutAsync(ctx, session, KubeResource.HttpRoutes, route, planned, ct);
        ctx.Info($"HTTPRoute {record.GatewayApi!.HttpRouteNamespace}/{record.GatewayApi.HttpRoute} rule {RuleName(planned, index)}: all to Service {service}");
        return true;
    }

    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        if (stage != PromoteStage.BeforeRetire) return;
        var record = session.Current;
        var service = Service(record);
        var gw = Routing(record);
        await StableService.FinishPromoteAsync(ctx, session, service, target, ct);
        // The rule back as the user had it (a route Graylane created: to the stable Service alone, until it goes), before the
        // gray pods behind the canary Service are retired.
        var route = await RouteAsync(ctx, record, ct);
        if (route is null) return;
        ThrowIfDrifted(record, route);
        var (restored, index) = Plan(record, route, new TrafficState(), []);
        if (JsonNode.DeepEquals(restored, route)) return;
        await ManagedWrites.PutAsync(ctx, session, KubeResource.HttpRoutes, route, restored, ct);
        ctx.Info($"HTTPRoute {gw.HttpRouteNamespace}/{gw.HttpRoute}: rule {RuleName(restored, index)} back to Service {service} alone, as you had it (it now serves {record.GrayVersion}); Graylane's rules and mirror removed");
    }

    /// <summary>Services outside the release that select only the old version (and Ingresses on them); the HTTPRoute rule is the router's own.</summary>
    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, StrandedRoutes.NoRoutes, ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    /// <summary>The HTTPRoute and the canary Service Graylane made for the release: with the stable Service on the new version, nothing needs them.</summary>
    public async Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        var gw = Routing(record);
        if (record.FindSnapshot(KubeResource.HttpRoutes.Kind, gw.HttpRoute!) is { Existed: false } created)
        {
            if (await ObjectWriter.DeleteAsync(ctx.Kube, KubeResource.HttpRoutes, created.Namespace ?? ctx.Namespace, created.Name, null, ct))
                ctx.Info($"Deleted HTTPRoute {created.Name}, created for the release");
            record.Ledger.Forget(new ObjectKey(KubeResource.HttpRoutes.Kind, created.Namespace ?? ctx.Namespace, created.Name));
        }
        if (!gw.CanaryServiceGiven) await CanaryServices.RemoveAsync(ctx, session, gw.CanaryService!, ct);
    }

    /// <summary>Rollback: whatever someone changed, the stable Service goes back to the baseline and the rule to the user's backends.</summary>
    public async Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct)
    {
        var record = session.Current;
        if (record.GatewayApi?.HttpRoute is null) return;
        AcceptDrift(record);
        await StableService.BackToBaselineAsync(ctx, session, ct);
        if (await RouteAsync(ctx, record, ct) is not null)
            await ShiftAsync(ctx, session, new TrafficState { Weight = 0 }, ct);
    }

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var w = record.Workloads.Single();
        var shares = new List<VersionShare>();
        var notes = new List<string>();
        var gw = record.GatewayApi;
        var route = gw?.HttpRoute is null ? null : await RouteAsync(ctx, record, ct);
        var name = w.Service ?? w.BaselineWorkload;
        var promoted = record.Phase == ReleasePhase.Promoted;
        if (route is null || w.Service is null || gw is null)
        {
            notes.Add(promoted ? "the HTTPRoute Graylane created was removed at promote; the Service routes to the version that remains" : "no HTTPRoute routes this release (yet)");
            shares.Add(new VersionShare(name, record.BaselineVersion, w.BaselineWorkload, "baseline", promoted ? 0 : 100));
            shares.Add(new VersionShare(name, record.GrayVersion, w.GrayWorkload, "gray", promoted ? 100 : 0));
            var gone = gw?.HttpRoute is { } n ? record.Ledger.Drift(new ObjectKey(KubeResource.HttpRoutes.Kind, gw.HttpRouteNamespace ?? ctx.Namespace, n), null) : null;
            return new TrafficSplit(shares, notes) { Drift = gone is null ? [] : [gone] };
        }
        int index;
        try
        {
            index = HttpRouteRules.Find(route, gw.Rule, w.Service, ctx.Namespace);
        }
        catch (InvalidInputException e)
        {
            notes.Add(e.Message);
            return new TrafficSplit(shares, notes) { Drift = DriftOf(record, route) };
        }
        var weights = HttpRoutePlanner.Read(route, index, Target(record), record.App);
        var (baseline, gray) = (weights.Baseline, weights.Gray);
        // Once promoted, the stable Service fronts the new version (switched, or the stable updated in place); while
        // promoting it may already: its share is then the gray's.
        if (promoted) (baseline, gray) = (0, baseline + gray);
        else if (record.Phase == ReleasePhase.Promoting
            && await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct) is { } stable
            && VersionSelectors.Selects(SelectorWriter.Selector(stable), VersionSelectors.Gray(record, w)))
        {
            (baseline, gray) = (0, baseline + gray);
            notes.Add($"Service {w.Service} selects {record.GrayVersion}");
        }
        shares.Add(new VersionShare(w.Service, record.BaselineVersion, w.BaselineWorkload, "baseline", baseline));
        shares.Add(new VersionShare(gw.CanaryService ?? w.Service, record.GrayVersion, w.GrayWorkload, "gray", gray));
        if (weights.MatchRules > 0) notes.Add($"{weights.MatchRules} match rule(s) send matching requests to {record.GrayVersion}: {string.Join(" OR ", record.Traffic.Matches)}");
        if (weights.MirrorPercent is > 0) notes.Add($"{weights.MirrorPercent.Value.ToString(CultureInfo.InvariantCulture)}% of the rule's traffic is mirrored to {record.GrayVersion}");
        return new TrafficSplit(shares, notes) { Drift = DriftOf(record, route), Unlanded = record.Ledger.Unlanded(Key(record, route), route) ? [Key(record, route)] : [] };
    }

    /// <summary>The planned route and the managed rule's index; the rule as the user had it comes from the route's snapshot.</summary>
    private static (JsonObject Planned, int Index) Plan(ReleaseRecord record, JsonObject route, TrafficState wanted, IReadOnlyList<JsonObject> neighbours)
    {
        var gw = Routing(record);
        var service = Service(record);
        var index = HttpRouteRules.Find(route, gw.Rule, service, record.Namespace);
        var before = record.FindSnapshot(KubeResource.HttpRoutes.Kind, gw.HttpRoute!) is { Existed: true, Object: { } snapshot } ? snapshot : route;
        var original = HttpRouteRules.Rules(before)[HttpRouteRules.Find(before, gw.Rule, service, record.Namespace)];
        return (HttpRoutePlanner.Plan(route, index, original, Target(record), Shift(record.App, wanted), neighbours), index);
    }

    private static Task<JsonObject?> RouteAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        ctx.Kube.GetCachedAsync(KubeResource.HttpRoutes, record.GatewayApi!.HttpRouteNamespace ?? ctx.Namespace, record.GatewayApi.HttpRoute!, ct);

    private static IReadOnlyList<DriftFinding> DriftOf(ReleaseRecord record, JsonObject route) =>
        record.Ledger.Drift(Key(record, route), route) is { } d ? [d] : [];

    private static void ThrowIfDrifted(ReleaseRecord record, JsonObject route)
    {
        if (record.Ledger.Drift(Key(record, route), route) is { } drift)
            throw new ReleaseConflictException(DriftFinding.Refusal([drift]));
    }

    private static ObjectKey Key(ReleaseRecord record, JsonObject route) =>
        new(KubeResource.HttpRoutes.Kind, Obj.Namespace(route) ?? record.Namespace, Obj.Name(route));

    private static string RuleName(JsonObject route, int index) => GraylaneRoutes.Describe(HttpRouteRules.Rules(route)[index], index);

    private static CanaryBackends Target(ReleaseRecord record) => new(Service(record), Routing(record).CanaryService!, record.Namespace);

    private static GatewayApiRouting Routing(ReleaseRecord record) =>
        record.GatewayApi ?? throw new ReleaseConflictException($"the release of {record.App} has no Gateway API routing recorded");

    private static string Service(ReleaseRecord record, bool asInput = false) => record.Workloads.Single().Service ?? throw (asInput
        ? new InvalidInputException("service", "--router gateway-api needs --service: HTTPRoute backends are Services, and the gray pods get a canary Service beside it")
        : new ReleaseConflictException($"the release of {record.App} has no Service in front of {record.Workloads.Single().BaselineWorkload}; give --service to deploy-gray"));

    private static IstioShift Shift(string app, TrafficState wanted) => new(
        app,
        wanted.Weight,
        wanted.Matches.Select(MatchParser.Parse).ToList(),
        wanted.Mirror > 0 ? wanted.Mirror : null,
        wanted.SetHeaders.Select(SetHeaderParser.Parse).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
}
