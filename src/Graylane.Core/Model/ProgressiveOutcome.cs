namespace Graylane.Core.Model;

/// <summary>Where a progressive run stands.</summary>
public enum ProgressiveOutcome
{
    /// <summary>Moving through its steps (or stopped halfway by a kill or a cancel: a re-run resumes).</summary>
    Running,
    /// <summary>Every step's analysis passed.</summary>
    Completed,
    /// <summary>An analysis failed; traffic was rolled back or left where it was (on-fail).</summary>
    Failed,
}
