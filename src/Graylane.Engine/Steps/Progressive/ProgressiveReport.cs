using Graylane.Core.Model;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>shift-traffic --steps' job summary: the traffic table as every step writes it, then the progress table and charts.</summary>
internal static class ProgressiveReport
{
    public static async Task WriteAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, string headline, CancellationToken ct)
    {
        await ReleaseReport.WriteAsync(ctx, record, router, headline, ct);
        if (record.Progressive is { } run) ctx.Host.AppendSummary(ProgressiveMarkdown.Build(run));
    }
}
