using System.Text;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Engine.Routing;
using Graylane.Kubernetes;

namespace Graylane.Engine.Reporting;

/// <summary>The job summary of a step: what happened, and the traffic split as the cluster has it now.</summary>
public static class ReleaseReport
{
    /// <param name="split">The split the step already read back, so the report does not read the routing objects again.</param>
    /// <param name="readWorkloads">Read the Deployments this step has not seen (status); otherwise readiness is shown as the
    /// step saw it, and "—" for a Deployment it did not read.</param>
    public static async Task WriteAsync(StepContext ctx, ReleaseRecord record, ITrafficRouter router, string headline, CancellationToken ct,
        TrafficSplit? split = null, bool readWorkloads = false)
    {
        split ??= await router.ReadAsync(ctx, record, ct);
        var md = new StringBuilder();
        md.AppendLine($"### Graylane {ctx.Step}: {record.App} — {headline}");
        md.AppendLine();
        md.AppendLine($"Namespace `{record.Namespace}` · router `{record.Router.Name()}` · phase **{record.Phase}** · {record.BaselineVersion} → {record.GrayVersion}");
        md.AppendLine();
        md.AppendLine("| Service | Version | Role | Workload | Ready | Traffic |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var share in split.Shares)
        {
            var ready = await ReadyAsync(ctx, share.Workload, readWorkloads, ct);
            md.AppendLine($"| {share.Service} | {share.Version} | {share.Role} | {share.Workload} | {ready} | {share.Weight}% |");
        }
        if (!readWorkloads) md.AppendLine().AppendLine("Ready: as this step last saw the Deployment; — when it did not read it (`graylane status` reads them all).");
        foreach (var note in split.Notes) md.AppendLine().AppendLine($"> {note}");
        foreach (var drift in split.Drift) md.AppendLine().AppendLine($"> changed since Graylane last wrote it: {drift}");
        var last = record.History.TakeLast(3).ToList();
        if (last.Count > 0)
        {
            md.AppendLine().AppendLine("Recent history:").AppendLine();
            foreach (var h in last) md.AppendLine($"- {h.Time:u} `{h.Step}` by {h.Actor}: {h.Message}");
        }
        ctx.Host.AppendSummary(md.ToString());
        ctx.Host.SetOutput("gray-weight", split.GrayWeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string> ReadyAsync(StepContext ctx, string workload, bool read, CancellationToken ct)
    {
        if (workload.Length == 0) return "-";
        var (seen, d) = ctx.Kube.Recall(KubeResource.Deployments, ctx.Namespace, workload);
        if (!seen && !read) return "—";
        if (!seen) d = await ctx.Kube.GetCachedAsync(KubeResource.Deployments, ctx.Namespace, workload, ct);
        if (d is null) return "deleted";
        return $"{Obj.Int(d["status"]?["readyReplicas"]) ?? 0}/{Obj.Int(d["spec"]?["replicas"]) ?? 1}";
    }

    /// <summary>A plain-text split for logs: "v1 (baseline) 100% | v2 (gray) 0%".</summary>
    public static string Line(TrafficSplit split) =>
        string.Join(" | ", split.Shares.Select(s => $"{s.Service}: {s.Version} ({s.Role}) {s.Weight}%"));

}
