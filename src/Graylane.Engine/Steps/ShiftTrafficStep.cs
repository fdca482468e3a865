using System.Globalization;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>
/// shift-traffic: sends a share of traffic (and, with a mesh, matching requests or a mirrored copy) to the gray
/// version through the release's router. What a run does not name stays as the last run left it.
/// </summary>
public static class ShiftTrafficStep
{
    public static StepDefinition Definition { get; } = new("shift-traffic",
        "Send a share of traffic, or matching requests, to the gray version (service router: 0 or 100; istio: any weight, matches, mirror).",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            CommonInputs.LockWait,
            new("weight", "Percentage of traffic for the gray version, 0–100 (the service router takes 0 or 100). Default: unchanged."),
            new("match", "Send requests matching these rules to gray whatever the weight: header:name=value, cookie:name=value, query:name=value; ^= for a prefix, ~ for a regex; rules joined with , are ANDed; repeat --match for OR.", Repeatable: true),
            new("clear-match", "Remove the match rules set by earlier runs.", IsSwitch: true),
            new("mirror", "Copy this percentage of the baseline's traffic to the gray version (responses ignored); 0 stops mirroring."),
            new("set-header", "Set this request header (name=value) on traffic sent to gray, e.g. to tag it.", Repeatable: true),
            new("accept-drift", "Plan from the routing objects as they are now even if someone changed them since Graylane's last write.", IsSwitch: true),
            new("replicas", "Router replicas: the pods of both versions together from now on (the weight is the gray's share of them). Default: as at deploy-gray."),
            new("router", "How traffic is switched. Default: the router the release was deployed with."),
            .. ProgressiveInputs.All,
            CommonInputs.Timeout,
        ],
        [("gray-weight", "The gray version's share of traffic after the step, read back from the cluster."), ("phase", "The release phase.")],
        RunAsync) { ReachesOtherServicesIf = ProgressiveInputs.CallsOut };

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        if (inputs.Get(ProgressiveInputs.Steps) is not null)
        {
            await ProgressiveShift.RunAsync(ctx, inputs, app, ct);
            return;
        }
        ProgressiveInputs.RefuseWithoutSteps(inputs);
        int? weight = inputs.Get("weight") is { } w ? Numbers.Weight("weight", w) : null;
        var matches = inputs.List("match");
        var clearMatches = inputs.Flag("clear-match");
        double? mirror = inputs.Get("mirror") is { } m ? Mirror(m) : null;
        var headers = inputs.List("set-header");
        int? replicas = inputs.Get("replicas") is { } r ? Numbers.NonNegative("replicas", r, 1000) : null;
        var routerName = inputs.Get("router");
        if (weight is null && matches.Count == 0 && !clearMatches && mirror is null && headers.Count == 0 && replicas is null)
            throw new InvalidInputException("weight", "shift-traffic needs --weight (0–100), or with --router istio --match, --mirror or --set-header");

        using var group = ctx.Host.Group($"shift-traffic: {app}{(weight is null ? "" : $" gray {weight}%")}");
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        if (session.Record is { Phase: ReleasePhase.Promoted, Manifests.FirstRelease: true } first)
        {
            ctx.Info($"first release: {first.GrayVersion} is the baseline of {app}, nothing to shift");
            ctx.Host.SetOutput("gray-weight", "100");
            ctx.Host.SetOutput("phase", first.Phase.ToString());
            return;
        }
        var record = ReleaseRules.EnsureCanShift(session.Record, app);
        if (routerName is not null && RouterRegistry.Parse("router", routerName) != record.Router)
            throw new InvalidInputException("router", $"--router {routerName} differs from the router of the release of {app} ({record.Router.Name()}); omit --router or use {record.Router.Name()}");
        var router = RouterRegistry.Create(record.Router);
        var wanted = record.Traffic.Copy();
        if (weight is { } newWeight) wanted.Weight = newWeight;
        if (clearMatches) wanted.Matches = [];
        if (matches.Count > 0) wanted.Matches = [.. matches];
        if (mirror is { } newMirror) wanted.Mirror = newMirror;
        if (headers.Count > 0) wanted.SetHeaders = [.. headers];
        if (replicas is not null) wanted.Replicas = replicas;
        router.Validate(wanted);

        var newPhase = PhaseFor(wanted);
        var before = await router.ReadAsync(ctx, record, ct);
        var acceptDrift = inputs.Flag("accept-drift");
        if (!acceptDrift && before.Drift.Count > 0)
            throw new ReleaseConflictException(DriftFinding.Refusal(before.Drift));
        // The record says what the last shift intended; it is done only when its writes are live (a shift stopped between its
        // record write and its object write left the record ahead of the cluster).
        var unchanged = before.Carries(wanted.Weight) && before.Drift.Count == 0 && before.Unlanded.Count == 0
            && record.Traffic.SameAs(wanted) && record.Phase == newPhase;
        if (unchanged)
        {
            ctx.Info($"Traffic is already {wanted}; nothing to do");
        }
        else
        {
            await MoveAsync(ctx, session, router, wanted, newPhase, acceptDrift, ct);
        }
        // With nothing written the split read before is still the cluster's; otherwise read it back once.
        var split = unchanged ? before : await router.ReadAsync(ctx, record, ct);
        ctx.Info($"Traffic now: {ReleaseReport.Line(split)}");
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, wanted.ToString(), ct, split);
    }

    /// <summary>Tells the router to carry out the wanted traffic and records it (phase, traffic, history); shared with --steps.</summary>
    internal static async Task MoveAsync(StepContext ctx, ReleaseSession session, ITrafficRouter router, TrafficState wanted, ReleasePhase newPhase,
        bool acceptDrift, CancellationToken ct)
    {
        var record = session.Current;
        await router.ValidateShiftAsync(ctx, record, wanted, ct);
        // No lease: a move does not wait (--steps waits between moves, each in a session of its own). The router saves the
        // record (phase, traffic and history set here, with its snapshot and pending write) before it changes an object; that
        // save's compare-and-swap is the lock, and it is the move's only record write unless something changed after it.
        // A router that moves traffic by pod counts waits for the pods to start: that wait is covered by the Lease, so another
        // step waits for it rather than racing it.
        if (router.Capabilities.PodCounts) await session.LockAsync(ctx, ct);
        if (acceptDrift) router.AcceptDrift(record);
        record.Traffic = wanted;
        record.Phase = newPhase;
        session.AddHistory("shift-traffic", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"gray {record.GrayVersion}: {wanted}");
        await router.ShiftAsync(ctx, session, wanted, ct);
        await session.SaveIfChangedAsync(ct);
    }

    /// <summary>The phase a release is in with this traffic.</summary>
    internal static ReleasePhase PhaseFor(TrafficState wanted) =>
        wanted.Weight > 0 || wanted.Matches.Count > 0 || wanted.Mirror > 0 ? ReleasePhase.Shifted : ReleasePhase.GrayReady;

    internal static double Mirror(string text)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) || m > 100)
            throw new InvalidInputException("mirror", $"--mirror \"{KubeNames.Printable(text)}\" is not a percentage: use a number from 0 to 100 (the share of the baseline's traffic copied to gray)");
        return m;
    }
}
