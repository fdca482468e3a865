namespace Graylane.Core.Model;

/// <summary>Where an approval checkpoint stands. Pending is the only state that can still change.</summary>
public enum ApprovalDecision
{
    Pending,
    Approved,
    Rejected,
    TimedOut,
}

public static class ApprovalDecisionExtensions
{
    /// <summary>The value of the step's `decision` output: approved | rejected | timed-out | pending.</summary>
    public static string OutputValue(this ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approved => "approved",
        ApprovalDecision.Rejected => "rejected",
        ApprovalDecision.TimedOut => "timed-out",
        _ => "pending",
    };
}
