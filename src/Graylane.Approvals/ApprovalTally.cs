using Graylane.Core.Model;

namespace Graylane.Approvals;

/// <summary>What the comments add up to: the decision, and the distinct eligible people who approved or denied.</summary>
public sealed record ApprovalTally(ApprovalDecision Decision, IReadOnlyList<string> ApprovedBy, IReadOnlyList<string> DeniedBy);
