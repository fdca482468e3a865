using Graylane.Core.Model;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>status: prints the release record and the traffic split as the cluster has it now. Changes nothing.</summary>
public static class StatusStep
{
    public static StepDefinition Definition { get; } = new("status",
        "Print the release record and the current traffic split.",
        [.. CommonInputs.Connection, CommonInputs.App],
        [("phase", "The release phase, or none."), ("version", "The gray version."), ("baseline-version", "The baseline version."), ("gray-weight", "The gray share of traffic.")],
        RunAsync);

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, CancellationToken ct)
    {
        await using var session = await new ReleaseStore(ctx.Kube, ctx.Namespace).OpenAsync(app, ct);
        if (session.Record is not { } record)
        {
            ctx.Info($"No release of {app} in namespace {ctx.Namespace}");
            ctx.Host.SetOutput("phase", "none");
            return;
        }
        var router = RouterRegistry.Create(record.Router);
        Routing.TrafficSplit split;
        using (ctx.Host.Group($"status: {app}"))
        {
            ctx.Info($"Release:   {record.App} in {record.Namespace} (record ConfigMap {ReleaseStore.ConfigMapName(app)})");
            ctx.Info($"Phase:     {record.Phase}{(record.Reason is null ? "" : $" — {record.Reason}")}");
            ctx.Info($"Versions:  baseline {record.BaselineVersion} -> gray {record.GrayVersion} (label {record.VersionLabel}), router {record.Router.Name()}");
            foreach (var w in record.Workloads)
                ctx.Info($"Workloads: {w.Service ?? "(no service)"}: baseline {w.BaselineWorkload}, gray {w.GrayWorkload}{(w.GrayCreated ? "" : " (updated in place)")}");
            ctx.Info($"Started:   {record.StartedAt:u} by {record.StartedBy}");
            ctx.Info($"Snapshots: {(record.Snapshots.Count == 0 ? "none" : string.Join(", ", record.Snapshots.Select(s => $"{s.Key}{(s.Existed ? "" : " (created)")}")))}");
            foreach (var h in record.History) ctx.Info($"History:   {h.Time:u} {h.Step} by {h.Actor}{(h.Run is null ? "" : $" ({h.Run})")}: {h.Message}");
            split = await router.ReadAsync(ctx, record, ct);
            ctx.Info($"Traffic:   {ReleaseReport.Line(split)}");
            foreach (var note in split.Notes) ctx.Warn(note);
            foreach (var drift in split.Drift) ctx.Warn($"changed since Graylane last wrote it: {drift}");
        }
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        ctx.Host.SetOutput("version", record.GrayVersion);
        ctx.Host.SetOutput("baseline-version", record.BaselineVersion);
        await ReleaseReport.WriteAsync(ctx, record, router, "status", ct, split, readWorkloads: true);
    }
}
