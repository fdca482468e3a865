using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Progressive;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>
/// shift-traffic --steps: moves traffic step by step, waits each step's interval, analyses it (pods and gates), and on a
/// failed analysis rolls back or stops. Every move and analysis is saved in the release record before the next, and the
/// next action is planned from the record (<see cref="ProgressivePlanner"/>), so a run killed or cancelled halfway and
/// started again with the same inputs resumes where it was. No lease is held while waiting: a rollback by hand may run
/// meanwhile, and this step then stops instead of overwriting it.
/// </summary>
internal static class ProgressiveShift
{
    public static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var settings = ProgressiveSettings.Parse(inputs);
        if (settings.PrometheusToken is { } token) ctx.Host.MaskSecret(token);
        var wantedExtras = Extras(inputs);
        using var group = ctx.Host.Group($"shift-traffic: {app} in steps {string.Join(" → ", settings.Steps.Select(s => $"{s}%"))}, {Durations.Format(settings.Interval)} each");
        var store = new ReleaseStore(ctx.Kube, ctx.Namespace);

        ReleaseRecord record;
        await using (var first = await store.OpenAsync(app, ct))
        {
            if (await FinishedAsync(ctx, first, settings, ct)) return;
            record = ReleaseRules.EnsureCanShift(first.Record, app);
        }
        if (inputs.Get("router") is { } routerName && RouterRegistry.Parse("router", routerName) != record.Router)
            throw new InvalidInputException("router", $"--router {routerName} differs from the router of the release of {app} ({record.Router.Name()}); omit --router or use {record.Router.Name()}");
        var router = RouterRegistry.Create(record.Router);
        await CheckRouterAsync(ctx, router, record, settings, wantedExtras, ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var analysis = Analysis(ctx, record, settings, http);
        try
        {
            await analysis.PreflightAsync(ctx, ct);
        }
        catch (ApprovalServiceException ex)
        {
            throw new StepFailedException($"{ex.Message}; nothing was changed");
        }

        var resumed = false;
        while (true)
        {
            await using var session = await store.OpenAsync(app, ct);
            record = ReleaseRules.EnsureCanShift(session.Record, app);
            var run = CurrentRun(ctx, record, settings, ref resumed);
            run.Gates = analysis.Limits;
            var now = ctx.Time.GetUtcNow();
            var action = ProgressivePlanner.Next(run, record.Traffic.Weight, now);
            switch (action.Kind)
            {
                case ProgressActionKind.Shift:
                    await ShiftAsync(ctx, session, router, run, action.Index, wantedExtras, inputs.Flag("accept-drift"), ct);
                    break;
                case ProgressActionKind.Wait:
                    if (!resumed) await EnsureTrafficAsync(ctx, session, router, run, action.Index, wantedExtras, ct);
                    resumed = true;
                    ctx.Info($"step {action.Index + 1}/{run.Steps.Count} at {run.Steps[action.Index]}%: analysing at {action.Until:HH:mm:ss} UTC (in {Durations.Format(action.Until - now)})");
                    await Task.Delay(action.Until - now, ctx.Time, ct);
                    break;
                case ProgressActionKind.Analyse:
                    if (!resumed) await EnsureTrafficAsync(ctx, session, router, run, action.Index, wantedExtras, ct);
                    resumed = true;
                    if (await AnalyseAsync(ctx, session, analysis, run, action.Index, settings, ct)) return;
                    break;
                case ProgressActionKind.Complete:
                    run.Outcome = ProgressiveOutcome.Completed;
                    session.AddHistory("shift-traffic", ctx.Host.Identity, now, $"steps {string.Join(", ", run.Steps.Select(s => $"{s}%"))} passed their analysis");
                    await session.SaveAsync(ct);
                    ctx.Info($"Every step passed: {record.GrayVersion} takes {run.Steps[^1]}% of the traffic");
                    await FinishReportAsync(ctx, session.Current, router, $"steps done at {run.Steps[^1]}%", ct);
                    return;
            }
            resumed = true;
        }
    }

    /// <summary>
    /// The run recorded for these inputs (resumed), or a new one. A run stopped by a failed analysis (on-fail stop) and
    /// started again is a new attempt at the failed step: its failures count anew and it is analysed at once.
    /// </summary>
    private static ProgressiveRun CurrentRun(StepContext ctx, ReleaseRecord record, ProgressiveSettings settings, ref bool announced)
    {
        var run = record.Progressive;
        if (ProgressivePlanner.Continues(run, settings.Fingerprint))
        {
            if (run!.Outcome == ProgressiveOutcome.Failed)
            {
                run.Outcome = ProgressiveOutcome.Running;
                run.FailedWhy = null;
                run.Attempt++;
                ctx.Info($"The run stopped at step {run.Reached.Count} ({run.Steps[run.Reached.Count - 1]}%) after a failed analysis; analysing it again");
            }
            else if (!announced && run.Reached.Count > 0 && run.Outcome == ProgressiveOutcome.Running)
                ctx.Info($"Resuming the run started {run.StartedAt:u}: {run.Reached.Count(s => s.Analyses.Any(a => a.Passed))} of {run.Steps.Count} steps passed");
            return run;
        }
        if (run is not null && !announced)
            ctx.Info($"The recorded progressive run (started {run.StartedAt:u}) had other inputs; starting anew from the first step");
        var fresh = new ProgressiveRun
        {
            Steps = [.. settings.Steps],
            Inputs = settings.Fingerprint,
            Interval = settings.Interval,
            OnFail = settings.OnFail,
            StartedAt = ctx.Time.GetUtcNow(),
        };
        record.Progressive = fresh;
        return fresh;
    }

    /// <summary>Moves traffic to step index's weight and records the step as reached (with the pods' restart counts) in the same save.</summary>
    private static async Task ShiftAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, ProgressiveRun run, int index,
        Func<TrafficState, TrafficState> extras, bool acceptDrift, CancellationToken ct)
    {
        var record = session.Current;
        var weight = run.Steps[index];
        ctx.Info($"step {index + 1}/{run.Steps.Count}: {weight}% to {record.GrayVersion}");
        var restarts = PodHealth.Restarts(await GrayPods.ReadAsync(ctx, record, ct));
        if (run.Reached.Count > index) run.Reached.RemoveRange(index, run.Reached.Count - index);
        run.Reached.Add(new ProgressiveStep { Weight = weight, ShiftedAt = ctx.Time.GetUtcNow(), Restarts = restarts });
        var wanted = extras(record.Traffic.Copy());
        wanted.Weight = weight;
        var before = await router.ReadAsync(ctx, record, ct);
        if (!acceptDrift && before.Drift.Count > 0)
            throw new ReleaseConflictException(DriftFinding.Refusal(before.Drift));
        var phase = ShiftTrafficStep.PhaseFor(wanted);
        if (before.GrayWeight == wanted.Weight && before.Drift.Count == 0 && before.Unlanded.Count == 0 && record.Traffic.SameAs(wanted) && record.Phase == phase)
            await session.SaveAsync(ct); // already there: only the step is new
        else
            await ShiftTrafficStep.MoveAsync(ctx, session, router, wanted, phase, acceptDrift, ct);
    }

    /// <summary>
    /// A resumed run first makes sure traffic is at the step it reached (a kill may have come between the record and the
    /// routing write); when it is, nothing is written.
    /// </summary>
    private static async Task EnsureTrafficAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, ProgressiveRun run, int index,
        Func<TrafficState, TrafficState> extras, CancellationToken ct)
    {
        var record = session.Current;
        var wanted = extras(record.Traffic.Copy());
        wanted.Weight = run.Steps[index];
        var split = await router.ReadAsync(ctx, record, ct);
        if (split.GrayWeight == wanted.Weight && split.Drift.Count == 0 && split.Unlanded.Count == 0 && record.Traffic.SameAs(wanted)) return;
        if (split.Drift.Count > 0) throw new ReleaseConflictException(DriftFinding.Refusal(split.Drift));
        ctx.Info($"step {index + 1}/{run.Steps.Count}: traffic is not at {wanted.Weight}% yet; moving it");
        await ShiftTrafficStep.MoveAsync(ctx, session, router, wanted, ShiftTrafficStep.PhaseFor(wanted), false, ct);
    }

    /// <summary>Analyses a step and saves the result; returns true when the step ended (failed: rolled back or stopped).</summary>
    private static async Task<bool> AnalyseAsync(StepContext ctx, ReleaseSession session, ProgressiveAnalysis analysis, ProgressiveRun run, int index,
        ProgressiveSettings settings, CancellationToken ct)
    {
        var record = session.Current;
        var label = $"step {index + 1}/{run.Steps.Count} at {run.Steps[index]}%";
        var result = await analysis.RunAsync(ctx, record, run, index, ct);
        run.Reached[index].Analyses.Add(result);
        var verdict = ProgressivePlanner.Judge(run, index, settings.FailureLimit);
        switch (verdict)
        {
            case StepVerdict.Passed:
                ctx.Info($"{label}: analysis passed");
                await session.SaveAsync(ct);
                return false;
            case StepVerdict.Retry:
                ctx.Info($"{label}: analysis failed ({ProgressivePlanner.Failures(run, index)} of {settings.FailureLimit}); analysing again in {Durations.Format(run.Interval)}: {ProgressiveAnalysis.Why(result)}");
                await session.SaveAsync(ct);
                return false;
        }
        var why = $"{label}: {ProgressiveAnalysis.Why(result)}";
        run.Outcome = ProgressiveOutcome.Failed;
        run.FailedWhy = why;
        ctx.Info($"Analysis failed — {why}");
        if (run.OnFail == "rollback")
        {
            await RollbackStep.RollBackAsync(ctx, session, $"shift-traffic --steps: {why}", null, ct);
            await FinishReportAsync(ctx, session.Current, RouterRegistry.Create(record.Router), $"rolled back at {run.Steps[index]}%", ct);
            throw new StepFailedException($"Analysis failed at {why}. The release of {record.App} {record.GrayVersion} is rolled back to {record.BaselineVersion}.");
        }
        record.Reason = why;
        session.AddHistory("shift-traffic", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"stopped at {run.Steps[index]}%: {why}");
        await session.SaveAsync(ct);
        await FinishReportAsync(ctx, record, RouterRegistry.Create(record.Router), $"stopped at {run.Steps[index]}%", ct);
        throw new StepFailedException($"Analysis failed at {why}. Traffic stays at {run.Steps[index]}% (--on-fail stop): run rollback, or this step again to analyse again.");
    }

    /// <summary>
    /// A run that already failed with on-fail rollback: finish a rollback a kill interrupted, then fail as the first run did;
    /// a run that completed: nothing to do. Returns true when the step is over.
    /// </summary>
    private static async Task<bool> FinishedAsync(StepContext ctx, ReleaseSession session, ProgressiveSettings settings, CancellationToken ct)
    {
        var record = session.Record;
        if (record?.Progressive is not { } run || !ProgressivePlanner.Continues(run, settings.Fingerprint)) return false;
        var router = RouterRegistry.Create(record.Router);
        if (run.Outcome == ProgressiveOutcome.Failed && run.OnFail == "rollback" && record.Phase is ReleasePhase.RollingBack or ReleasePhase.RolledBack)
        {
            if (record.Phase == ReleasePhase.RollingBack)
                await RollbackStep.RollBackAsync(ctx, session, record.Reason ?? $"shift-traffic --steps: {run.FailedWhy}", null, ct);
            else ctx.Info($"Already rolled back after the analysis failed ({run.FailedWhy}); nothing to do");
            await FinishReportAsync(ctx, session.Current, router, "rolled back", ct);
            throw new StepFailedException($"Analysis failed at {run.FailedWhy}. The release of {record.App} {record.GrayVersion} is rolled back to {record.BaselineVersion}.");
        }
        if (run.Outcome == ProgressiveOutcome.Completed && record.Phase.InProgress() && record.Traffic.Weight == run.Steps[^1])
        {
            ctx.Info($"Every step already passed ({string.Join(", ", run.Steps.Select(s => $"{s}%"))}); nothing to do");
            await FinishReportAsync(ctx, record, router, $"steps done at {run.Steps[^1]}%", ct);
            return true;
        }
        return false;
    }

    /// <summary>Every step's traffic checked with the router before anything is written.</summary>
    private static async Task CheckRouterAsync(StepContext ctx, ITrafficRouter router, ReleaseRecord record, ProgressiveSettings settings,
        Func<TrafficState, TrafficState> extras, CancellationToken ct)
    {
        var partial = settings.Steps.FirstOrDefault(s => s < 100);
        if (partial > 0 && !router.Capabilities.PartialWeights)
            throw CapabilityCheck.Refuse(ProgressiveInputs.Steps, $"--steps {string.Join(",", settings.Steps)}", record.Router, router.Capabilities,
                RouterFeature.PartialWeights, "split traffic by weight", RouterRegistry.Capabilities.Where(r => r.Caps.PartialWeights));
        foreach (var weight in settings.Steps)
        {
            var wanted = extras(record.Traffic.Copy());
            wanted.Weight = weight;
            router.Validate(wanted);
            await router.ValidateShiftAsync(ctx, record, wanted, ct);
        }
    }

    private static ProgressiveAnalysis Analysis(StepContext ctx, ReleaseRecord record, ProgressiveSettings settings, HttpClient http)
    {
        var target = new TemplateTarget(record.Router.Name(), record.Namespace, record.Workloads.Select(w => w.GrayWorkload).Where(w => w.Length > 0).ToList(),
            record.GrayVersion, record.Workloads.FirstOrDefault()?.Service ?? record.App, settings.Interval, record.Nginx?.Ingress);
        var queries = settings.Gates.Queries.ToList();
        foreach (var template in settings.Gates.Templates)
        {
            var gate = GateTemplates.Expand(template, target);
            ctx.Info($"gate {gate.Name} ({gate.Thresholds}): {gate.Query}");
            queries.Add(gate);
        }
        var prometheus = settings.PrometheusUrl is { } url ? new PrometheusClient(http, url, settings.PrometheusToken, ctx.Time, ctx.Info) : null;
        var variables = new Dictionary<string, string>
        {
            ["namespace"] = record.Namespace,
            ["service"] = target.Service,
            ["app"] = record.App,
            ["version"] = record.GrayVersion,
            ["baseline_version"] = record.BaselineVersion,
        };
        return new ProgressiveAnalysis(queries, settings.Gates.Webhooks, prometheus, http, variables);
    }

    /// <summary>--match, --clear-match, --mirror and --set-header given with --steps apply at every step.</summary>
    private static Func<TrafficState, TrafficState> Extras(StepInputs inputs)
    {
        var matches = inputs.List("match");
        var clear = inputs.Flag("clear-match");
        double? mirror = inputs.Get("mirror") is { } m ? ShiftTrafficStep.Mirror(m) : null;
        var headers = inputs.List("set-header");
        return t =>
        {
            if (clear) t.Matches = [];
            if (matches.Count > 0) t.Matches = [.. matches];
            if (mirror is { } mm) t.Mirror = mm;
            if (headers.Count > 0) t.SetHeaders = [.. headers];
            return t;
        };
    }

    private static Task FinishReportAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, string headline, CancellationToken ct)
    {
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        return ProgressiveReport.WriteAsync(ctx, record, router, headline, ct);
    }
}
