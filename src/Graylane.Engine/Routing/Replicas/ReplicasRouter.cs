using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.Replicas;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Steps;
using Graylane.Engine.Workloads;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.Replicas;

/// <summary>
/// Canary by replica counts, for clusters with neither a mesh nor an ingress controller (k8s-deploy's
/// traffic-split-method: pod, Argo Rollouts' basic canary): one Service, left as the user wrote it, selects both versions,
/// and a weight is the gray's share of a fixed total of ready pods. A shift scales up first, waits by watch until the new
/// pods are ready, and only then scales the other version down, so capacity never drops. The gray starts with no pods and
/// is proven on a preview the Service does not select (see <see cref="GrayPreview"/>); an HPA on the baseline is paused
/// for the release. Replica counts are written through the ledger (<see cref="ReplicaWriter"/>), so drift and crashes are
/// handled as for every router.
/// </summary>
public sealed class ReplicasRouter : ITrafficRouter
{
    public RouterKind Kind => RouterKind.Replicas;

    public RouterCapabilities Capabilities { get; } = new()
    {
        PartialWeights = true,
        PodCounts = true,
        Limits = new Dictionary<RouterFeature, string>
        {
            [RouterFeature.Match] = "one Service spreads requests over its ready pods, so no request can be steered by header, cookie or query",
            [RouterFeature.Mirror] = "a Service cannot copy requests",
            [RouterFeature.SetHeader] = "a Service cannot change requests",
        },
    };

    public void Validate(TrafficState wanted)
    {
        CapabilityCheck.Check(Kind, Capabilities, wanted, RouterRegistry.Capabilities);
        if (wanted.Replicas is { } total) ReplicaSplit.Plan(wanted.Weight, total);
    }

    /// <summary>
    /// Before the lease: the Service must select both versions' pods as it is (this router never changes it); the total is
    /// the gray's planned replicas (--replicas, default the baseline's); the gray starts with no pods beside a preview.
    /// </summary>
    public async Task<GrayStart> PlanGrayStartAsync(StepContext ctx, ReleaseRecord record, JsonObject gray, CancellationToken ct)
    {
        var w = Workload(record);
        if (!w.GrayCreated)
            throw new InvalidInputException("gray-workload",
                $"--gray-workload updates Deployment {w.GrayWorkload} in place, and with --router replicas its pods would take traffic as soon as they are ready; " +
                "let deploy-gray create the gray (give --service and --image): it starts with no pods and shift-traffic scales it");
        if (w.Service is null)
            throw new InvalidInputException("service", "--router replicas needs the Service in front of both versions: give --service <name>");
        var service = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct)
            ?? throw new InvalidInputException("service", $"Service {w.Service} not found in namespace {ctx.Namespace}");
        var selector = SelectorWriter.Selector(service);
        var baseline = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, w.BaselineWorkload, ct)
            ?? throw new ReleaseConflictException($"baseline Deployment {w.BaselineWorkload} no longer exists");
        RefuseUnlessBothSelected(w.Service, selector, TemplateLabels(baseline), TemplateLabels(gray), w, "service", bad: true);

        var total = record.Traffic.Replicas ?? Obj.Int(gray["spec"]?["replicas"]) ?? 1;
        if (total < 1)
            throw new InvalidInputException("replicas",
                $"--replicas 0 leaves no pods to split traffic between; with --router replicas, --replicas is the total of both versions' pods (default: the baseline's)");
        record.Traffic.Replicas = total;
        await Autoscalers.ListAsync(ctx, ct); // refused here, before the lease, when the HPAs cannot be seen
        var start = Obj.Clone(gray);
        Obj.Child(start, "spec")["replicas"] = 0;
        return new GrayStart(start, GrayPreview.Plan(gray, selector));
    }

    /// <summary>deploy-gray: an autoscaler on the baseline would fight the replica counts, so it is paused for the release.</summary>
    public async Task PrepareAsync(StepContext ctx, ReleaseSession session, PrepareRequest request, CancellationToken ct)
    {
        var record = session.Current;
        var w = Workload(record);
        ctx.Info($"Service {w.Service} selects both versions and stays as it is; traffic follows ready pods: {record.Traffic.Replicas} in all, " +
                 $"the gray starts with none (proven on a preview the Service does not select)");
        await Autoscalers.PauseAsync(ctx, session, w.BaselineWorkload, record.Traffic.Replicas ?? 1, ct);
    }

    public async Task<bool> ShiftAsync(StepContext ctx, ReleaseSession session, TrafficState wanted, CancellationToken ct)
    {
        Validate(wanted);
        var record = session.Current;
        var w = Workload(record);
        var total = wanted.Replicas ?? record.Traffic.Replicas
            ?? throw new ReleaseConflictException($"the release of {record.App} has no total of pods; run deploy-gray again");
        var split = ReplicaSplit.Plan(wanted.Weight, total);
        var service = await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service!, ct)
            ?? throw new ReleaseConflictException($"Service {ctx.Namespace}/{w.Service} of the release of {record.App} no longer exists");
        var gray = await Deployment(ctx, w.GrayWorkload, record.GrayVersion, ct);
        var baseline = await Deployment(ctx, w.BaselineWorkload, record.BaselineVersion, ct);
        RefuseUnlessBothSelected(w.Service!, SelectorWriter.Selector(service), TemplateLabels(baseline), TemplateLabels(gray), w, "service", bad: false);
        var drift = new[] { gray, baseline }.Select(d => ReplicaWriter.Drift(ctx, record, d)).OfType<DriftFinding>().ToList();
        if (drift.Count > 0) throw new ReleaseConflictException(DriftFinding.Refusal(drift));

        // A larger total (--replicas) must stay inside the paused autoscaler's bounds, or it would scale the baseline back.
        if (total > (record.Traffic.Replicas ?? 0)) await Autoscalers.PauseAsync(ctx, session, w.BaselineWorkload, total, ct);
        ctx.Info($"{split.Asked(wanted.Weight)} ({w.GrayWorkload}: {split.Gray}, {w.BaselineWorkload}: {split.Baseline})");
        var moves = new[] { (Live: gray, Target: split.Gray), (Live: baseline, Target: split.Baseline) };
        var up = moves.Where(m => m.Target > Replicas(m.Live)).ToList();
        var down = moves.Where(m => m.Target < Replicas(m.Live)).ToList();
        var wrote = false;
        // Up first; then, once every version that keeps pods has them all ready (also after a crash in between), down:
        // the ready pods never fall below the total, and the gray's share moves only towards the weight.
        foreach (var (live, target) in up)
            wrote |= await ReplicaWriter.ScaleAsync(ctx, session, live, target, ct);
        if (up.Count > 0 || down.Count > 0)
            foreach (var (live, target) in moves.Where(m => m.Target > 0))
                await WaitAsync(ctx, Obj.Name(live), target, down.Count > 0, ct);
        foreach (var (live, target) in down)
        {
            wrote |= await ReplicaWriter.ScaleAsync(ctx, session, live, target, ct);
            await WaitAsync(ctx, Obj.Name(live), target, beforeScaleDown: false, ct);
        }
        foreach (var (live, target) in moves.Where(m => m.Target == Replicas(m.Live)))
            await ReplicaWriter.ScaleAsync(ctx, session, live, target, ct); // as wanted already: adopted as Graylane's count
        return wrote;
    }

    public async Task<TrafficSplit> ReadAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct)
    {
        var w = Workload(record);
        var notes = new List<string>();
        var drift = new List<DriftFinding>();
        var service = w.Service is null ? null : await ctx.Kube.GetCachedAsync(KubeResource.Services, ctx.Namespace, w.Service, ct);
        var gray = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, w.GrayWorkload, ct);
        var baseline = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, w.BaselineWorkload, ct);
        var selector = service is null ? [] : SelectorWriter.Selector(service);
        bool Selected(JsonObject? d) => d is not null && Obj.Matches(selector, TemplateLabels(d));
        var readyGray = Selected(gray) ? Ready(gray!) : 0;
        var readyBaseline = Selected(baseline) ? Ready(baseline!) : 0;
        var pods = new PodSplit(readyGray, readyBaseline);
        if (service is null) notes.Add($"Service {w.Service ?? "(none)"} in front of {w.BaselineWorkload} does not exist");
        else if (!Selected(gray) || !Selected(baseline))
            notes.Add($"Service {w.Service} (selector {Obj.Format(selector)}) does not select {(Selected(gray) ? w.BaselineWorkload : w.GrayWorkload)}'s pods: traffic goes only to the pods it selects");
        notes.Add(pods.Total == 0 ? $"no ready pods behind Service {w.Service}" : $"ready pods behind Service {w.Service}: {pods.Gray} of {pods.Total} run {record.GrayVersion} ({pods.ShareRounded}%)");
        foreach (var d in new[] { gray, baseline }.OfType<JsonObject>())
            if (ReplicaWriter.Drift(ctx, record, d) is { } found) drift.Add(found);
        drift.AddRange(await Autoscalers.DriftAsync(ctx, record, ct));

        var grayWeight = pods.ShareRounded;
        var shares = new List<VersionShare>
        {
            new(w.Service ?? w.BaselineWorkload, record.BaselineVersion, w.BaselineWorkload, "baseline", pods.Total == 0 ? 0 : 100 - grayWeight),
            new(w.Service ?? w.BaselineWorkload, record.GrayVersion, w.GrayWorkload, "gray", grayWeight),
        };
        return new TrafficSplit(shares, notes) { Drift = drift, CarriedWeight = Carried(record, gray, baseline, Selected(gray) && Selected(baseline)) };
    }

    public void AcceptDrift(ReleaseRecord record) => record.Ledger.AcceptDrift();

    /// <summary>
    /// Nothing to write: rollback has already scaled the baseline back to its replicas and waited for it, and deleting the
    /// gray Deployment (a created object) is what takes its pods out of the Service.
    /// </summary>
    public Task SendTrafficBackAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Replace: the shift to 100 already gave all pods to the gray; once the old Deployment is retired the paused
    /// autoscalers get their behavior back (they still name the old Deployment: say so).
    /// </summary>
    public async Task FinishPromoteAsync(StepContext ctx, ReleaseSession session, PromoteStage stage, PromoteTarget target, CancellationToken ct)
    {
        if (stage != PromoteStage.AfterRetire) return;
        var w = Workload(session.Current);
        foreach (var name in await Autoscalers.ResumeAsync(ctx, session, ct))
            ctx.Warn($"HorizontalPodAutoscaler {name} scales Deployment {w.BaselineWorkload} again, which promote retired; point its scaleTargetRef at {w.GrayWorkload} " +
                     "(the name every later release keeps with --promote-mode in-place)");
    }

    public Task RemoveCreatedAsync(StepContext ctx, ReleaseSession session, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The release's own Service selects both versions and needs no move; other Services and routes on the old pods alone do.</summary>
    public Task<IReadOnlyList<StrandedRoute>> FindStrandedRoutesAsync(StepContext ctx, ReleaseRecord record, CancellationToken ct) =>
        StrandedRoutes.FindAsync(ctx, record, StrandedRoutes.NoRoutes, ct);

    public Task MoveStrandedRoutesAsync(StepContext ctx, ReleaseSession session, IReadOnlyList<StrandedRoute> routes, CancellationToken ct) =>
        StrandedRoutes.MoveAsync(ctx, session, routes, ct);

    /// <summary>The asked weight when the pods are exactly its split (so an identical shift is a no-op), else null.</summary>
    private static int? Carried(ReleaseRecord record, JsonObject? gray, JsonObject? baseline, bool bothSelected)
    {
        if (!bothSelected || gray is null || baseline is null || record.Traffic.Replicas is not { } total) return null;
        if (ReplicaSplit.Nearest(record.Traffic.Weight, total) is not { } split) return null;
        return Replicas(gray) == split.Gray && Ready(gray) == split.Gray && Replicas(baseline) == split.Baseline && Ready(baseline) == split.Baseline
            ? record.Traffic.Weight : null;
    }

    /// <summary>Waits by watch until the Deployment has exactly its pods, ready; a failure before any scale-down leaves capacity as it was.</summary>
    private static async Task WaitAsync(StepContext ctx, string name, int target, bool beforeScaleDown, CancellationToken ct)
    {
        var result = await RolloutWaiter.WaitAsync(ctx, name, ctx.ReadyTimeout, ct);
        if (!result.Ready)
            throw new StepFailedException($"Deployment {name} did not get {target} ready pod{(target == 1 ? "" : "s")}: {result.Message}. {string.Join("; ", result.Reasons)}" +
                                          (beforeScaleDown ? " Nothing was scaled down, so as many pods are ready as before; run shift-traffic again, or roll back" : ""));
    }

    private static void RefuseUnlessBothSelected(string service, IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> baselinePods,
        IReadOnlyDictionary<string, string> grayPods, WorkloadRelease w, string input, bool bad)
    {
        var missing = new List<string>();
        if (!Obj.Matches(selector, baselinePods)) missing.Add($"the baseline {w.BaselineWorkload}'s pods ({Obj.Format(baselinePods)})");
        if (!Obj.Matches(selector, grayPods)) missing.Add($"the gray {w.GrayWorkload}'s pods ({Obj.Format(grayPods)})");
        if (missing.Count == 0) return;
        // The selector without the version keys is what would pick both versions (e.g. app=web).
        var shared = selector.Where(kv => !w.BaselineSelector.ContainsKey(kv.Key) && !w.GraySelector.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var example = shared.Count > 0 ? $" (e.g. {Obj.Format(shared)} alone)" : "";
        var message = $"{(bad ? "--" : "")}service {service}: its selector {Obj.Format(selector)} does not select {string.Join(" nor ", missing)}; --router replicas needs one Service " +
                      $"whose selector picks both versions{example}, and it never changes it; --router service switches a selector that picks one version";
        throw bad ? new InvalidInputException(input, message) : new ReleaseConflictException(message + "; put the Service's selector back, or roll back");
    }

    private static async Task<JsonObject> Deployment(StepContext ctx, string name, string version, CancellationToken ct) =>
        await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, name, ct)
        ?? throw new ReleaseConflictException($"Deployment {ctx.Namespace}/{name} ({version}) of the release no longer exists");

    private static WorkloadRelease Workload(ReleaseRecord record) => record.Workloads.Count == 1 ? record.Workloads[0]
        : throw new ReleaseConflictException($"the release of {record.App} has {record.Workloads.Count} workloads; --router replicas releases one Deployment behind one Service");

    private static Dictionary<string, string> TemplateLabels(JsonObject d) => Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"]);

    internal static int Replicas(JsonObject d) => Obj.Int(d["spec"]?["replicas"]) ?? 1;

    private static int Ready(JsonObject d) => Obj.Int(d["status"]?["readyReplicas"]) ?? 0;
}
