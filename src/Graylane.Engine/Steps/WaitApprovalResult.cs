using Graylane.Approvals;
using Graylane.Core.Model;

namespace Graylane.Engine.Steps;

/// <summary>How a wait ended: the decision, the people's tally, and why the gates rejected (when they did).</summary>
internal sealed record WaitApprovalResult(ApprovalDecision Decision, ApprovalTally Tally, string? GateRejection);
