namespace Graylane.Approvals;

/// <summary>
/// An approval service or Prometheus could not do what was asked (unreachable, a server error, an unexpected
/// answer). Transient failures during a long wait are logged and retried at the next poll; others end the step.
/// </summary>
public sealed class ApprovalServiceException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}
