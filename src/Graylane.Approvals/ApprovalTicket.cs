namespace Graylane.Approvals;

/// <summary>The opened request: issue number or work item id, and its web address.</summary>
public sealed record ApprovalTicket(long Number, string Url);
