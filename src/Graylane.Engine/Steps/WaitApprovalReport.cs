using System.Text;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>wait-approval's outputs and job summary: the traffic table, then the decision, who and when, and the gate series.</summary>
internal static class WaitApprovalReport
{
    private const int MaxRows = 50;

    public static async Task WriteAsync(StepContext ctx, ReleaseRecord record, ApprovalRecord approval, CancellationToken ct)
    {
        ctx.Host.SetOutput("decision", approval.Decision.OutputValue());
        ctx.Host.SetOutput("approved-by", string.Join(",", approval.ApprovedBy));
        ctx.Host.SetOutput("request-url", approval.RequestUrl ?? "");
        ctx.Host.SetOutput("phase", record.Phase.ToString());
        var headline = approval.Decision switch
        {
            ApprovalDecision.Approved when approval.ApprovedBy.Count > 0 => $"approved by {string.Join(", ", approval.ApprovedBy)}",
            ApprovalDecision.Pending => "waiting for approval",
            _ => approval.Decision.OutputValue(),
        };
        await ReleaseReport.WriteAsync(ctx, record, RouterRegistry.Create(record.Router), headline, ct);
        ctx.Host.AppendSummary(Markdown(approval));
    }

    public static string Markdown(ApprovalRecord a)
    {
        var md = new StringBuilder("\n#### Approval\n\n| | |\n|---|---|\n");
        md.AppendLine($"| Decision | **{a.Decision.OutputValue()}** |");
        if (a.Outcome is not null) md.AppendLine($"| Outcome | {Cell(a.Outcome)} |");
        if (a.ApprovedBy.Count > 0) md.AppendLine($"| Approved by | {Cell(string.Join(", ", a.ApprovedBy))} |");
        if (a.RejectedBy.Count > 0) md.AppendLine($"| Denied by | {Cell(string.Join(", ", a.RejectedBy))} |");
        if (a.DecidedAt is { } at) md.AppendLine($"| Decided at | {at:u} |");
        md.AppendLine($"| Requested | {a.RequestedAt:u} by {Cell(a.RequestedBy)}, deadline {a.Deadline:u} |");
        if (a.RequestUrl is not null) md.AppendLine($"| Request | [{(a.Provider == WaitApprovalSettings.GitHub ? "#" : "work item ")}{a.Number}]({a.RequestUrl}) |");
        if (a.Eligible.Count > 0)
            md.AppendLine($"| Rule | {a.MinimumApprovals} of {Cell(string.Join(", ", a.Eligible))}{(a.ExcludeInitiator ? $" (initiator {Cell(a.RequestedBy)} excluded)" : "")}; one deny rejects |");
        if (a.Gates.Count > 0)
        {
            md.Append("\n#### Metric gates\n\n| Time | Gate | Value | Result |\n|---|---|---|---|\n");
            if (a.Gates.Count > MaxRows) md.AppendLine($"| … | {a.Gates.Count - MaxRows} earlier evaluations | | |");
            foreach (var g in a.Gates.TakeLast(MaxRows))
                md.AppendLine($"| {g.Time:u} | {Cell(g.Gate)} | {(g.Value is { } v ? GateSpec.Format(v) : "-")} | {(g.Passed ? "pass" : "FAIL")}: {Cell(g.Message)} |");
        }
        return md.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").ReplaceLineEndings(" ");
}
