namespace Graylane.Approvals.Gates;

/// <summary>Where the gates stand: still analysing, passed (analysis done, no gate at its failure limit), or rejected.</summary>
public enum GateStatus
{
    Analysing,
    Passed,
    Rejected,
}
