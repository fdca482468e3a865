using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>shift-traffic: sends a share of traffic to the gray version through the release's router.</summary>
public static class ShiftTrafficStep
{
    public static StepDefinition Definition { get; } = new("shift-traffic",
        "Send a share of traffic to the gray version (service router: 0 or 100).",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            CommonInputs.LockWait,
            new("weight", "Percentage of traffic for the gray version (0–100; the service router takes 0 or 100).", Required: true),
            new("router", "How traffic is switched. Default: the router the release was deployed with."),
        ],
        [("gray-weight", "The gray version's share of traffic after the step, read back from the cluster."), ("phase", "The release phase.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        var weight = Numbers.Weight("weight", inputs.Require("weight"));
        var routerName = inputs.Get("router");
        if (routerName is not null) RouterFactory.Create(routerName).Validate(new ShiftRequest(weight));

        using var group = ctx.Host.Group($"shift-traffic: {app} gray {weight}%");
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        var record = ReleaseRules.EnsureCanShift(session.Record, app);
        if (routerName is not null && routerName != record.Router)
            throw new InvalidInputException("router", $"--router {routerName} differs from the router of the release of {app} ({record.Router}); omit --router or use {record.Router}");
        var router = RouterFactory.Create(record.Router);
        var request = new ShiftRequest(weight);
        router.Validate(request);

        var newPhase = weight > 0 ? ReleasePhase.Shifted : ReleasePhase.GrayReady;
        var before = await router.ReadAsync(ctx, record, ct);
        if (before.GrayWeight == weight && before.Notes.Count == 0 && record.Traffic.Weight == weight && record.Phase == newPhase)
        {
            ctx.Info($"Traffic already at {weight}% for {record.GrayVersion}; nothing to do");
        }
        else
        {
            await session.LockAsync(ctx, ct);
        }
        var wrote = await router.ShiftAsync(ctx, session, request, ct);
        if (wrote || record.Traffic.Weight != weight || record.Phase != newPhase)
        {
            record.Traffic.Weight = weight;
            record.Phase = newPhase;
            session.AddHistory("shift-traffic", ctx.Host.Identity, ctx.Time.GetUtcNow(), $"gray {record.GrayVersion} at {weight}%");
            await session.SaveAsync(ct);
        }
        var split = await router.ReadAsync(ctx, record, ct);
        ctx.Info($"Traffic now: {ReleaseReport.Line(split)}");
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        await ReleaseReport.WriteAsync(ctx, record, router, $"{weight}% to {record.GrayVersion}", ct);
    }
}
