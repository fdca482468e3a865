using Graylane.Core.Planning;

namespace Graylane.Engine.Records;

/// <summary>
/// What a step cancelled by a signal leaves behind, once it stopped at a safe point and gave its lease back: a line in
/// the release history ("cancelled during &lt;phase&gt; at &lt;weight&gt;") and, for the log, the state it left and the
/// commands that continue or undo it.
/// </summary>
public static class CancelledStep
{
    /// <summary>Records the interruption (another step may have saved meanwhile: read again and retry) and says what to do next.</summary>
    public static async Task<string> RecordAsync(StepContext ctx, string app, string signal, CancellationToken ct)
    {
        var store = new ReleaseStore(ctx.Kube, ctx.Namespace);
        var ns = ctx.Namespace == "default" ? "" : $" --namespace {ctx.Namespace}";
        for (var attempt = 0; ; attempt++)
        {
            var session = await store.OpenAsync(app, ct);
            if (session.Record is not { } record)
                return $"{ctx.Step} of {app} was cancelled ({signal}) before it recorded a release: nothing was changed. Run `graylane {ctx.Step}` again to start.";
            var at = $"{record.Phase} at {record.Traffic.Weight}%";
            session.AddHistory(ctx.Step, ctx.Host.Identity, ctx.Time.GetUtcNow(), $"cancelled during {at} ({signal})");
            try
            {
                await session.SaveAsync(ct);
            }
            catch (ReleaseConflictException) when (attempt < 2)
            {
                continue;
            }
            var undo = record.Phase == Core.Model.ReleasePhase.RolledBack ? "" : $" To undo it: `graylane rollback --app {app}{ns}`.";
            return $"{ctx.Step} was cancelled ({signal}) during {at} and stopped at a safe point; its lease is released. " +
                   $"State: {record.Describe()}, traffic {record.Traffic}. " +
                   $"To continue: run `graylane {ctx.Step}` again with the same inputs (it picks up where this run stopped).{undo}";
        }
    }
}
