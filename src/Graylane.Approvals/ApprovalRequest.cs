namespace Graylane.Approvals;

/// <summary>
/// What to ask, independent of where: each channel renders it (GitHub Markdown, Azure DevOps HTML).
/// Marker names the release (namespace/app) so --resume can check that an issue belongs to it.
/// </summary>
public sealed record ApprovalRequest(
    string Title,
    IReadOnlyList<(string Label, string Value)> Facts,
    string? Instructions,
    string HowToAnswer,
    IReadOnlyList<ApproverRef> Approvers,
    IReadOnlyList<string> Eligible,
    string Marker);
