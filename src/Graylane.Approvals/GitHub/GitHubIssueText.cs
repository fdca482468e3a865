using System.Text;

namespace Graylane.Approvals.GitHub;

/// <summary>The issue body in GitHub Markdown: the release, instructions, how to answer, who may answer, and the hidden marker.</summary>
public static class GitHubIssueText
{
    public static string Render(ApprovalRequest request)
    {
        var md = new StringBuilder();
        md.Append("| | |\n|---|---|\n");
        foreach (var (label, value) in request.Facts)
            md.Append($"| {label} | {Cell(value)} |\n");
        if (!string.IsNullOrWhiteSpace(request.Instructions))
            md.Append("\n### Instructions\n\n").Append(request.Instructions.Trim()).Append('\n');
        md.Append("\n### How to answer\n\n").Append(request.HowToAnswer).Append('\n');
        md.Append("\nApprovers: ").Append(string.Join(", ", request.Approvers.Select(a => "@" + a))).Append('\n');
        md.Append("\n<!-- ").Append(request.Marker).Append(" -->\n");
        return md.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|").ReplaceLineEndings(" ");
}
