namespace Graylane.Tests.Workflows.Azure;

/// <summary>How a step ended (Succeeded, Failed, Skipped), the output variables it set and its log.</summary>
public sealed record PipelineStepRun(PipelineStep Step, string Result, IReadOnlyDictionary<string, string> Outputs, string Log);

public sealed record PipelineJobRun(PipelineJob Job, string Result, IReadOnlyList<PipelineStepRun> Steps);

public sealed record PipelineStageRun(PipelineStage Stage, string Result, IReadOnlyList<PipelineJobRun> Jobs);

public sealed record PipelineRun(IReadOnlyList<PipelineStageRun> Stages, string Log)
{
    public string Result(string stage) => Stages.Single(s => s.Stage.Name == stage).Result;
    public PipelineStepRun Step(string stage, string job, string step) =>
        Stages.Single(s => s.Stage.Name == stage).Jobs.Single(j => j.Job.Name == job).Steps.Single(s => s.Step.Name == step);
}
