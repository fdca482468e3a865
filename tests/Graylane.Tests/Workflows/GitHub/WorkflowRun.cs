namespace Graylane.Tests.Workflows.GitHub;

/// <summary>A whole run: every job's result in the order they ran, and the runner's log.</summary>
public sealed record WorkflowRun(IReadOnlyList<JobRun> Jobs, string Log)
{
    public JobRun Job(string id) => Jobs.Single(j => j.Job.Id == id);
    public string Result(string job) => Job(job).Result;
}
