namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The contexts visible at one point of a run (docs "Contexts"): secrets, github, env, inputs, vars, runner,
/// steps of the current job run so far, and needs of the current job. Every name is checked — a step id
/// not run yet, an output the action does not declare, a job not in needs — and throws, so an example with a
/// typo fails here instead of silently reading ''.
/// </summary>
public sealed class RunContext(
    WorkflowFile workflow,
    WorkflowRunSettings settings,
    WorkflowJob? job,
    IReadOnlyList<StepRun> stepsSoFar,
    IReadOnlyDictionary<string, JobRun> finishedJobs,
    IReadOnlyDictionary<string, string> env) : IExpressionContext
{
    public ExpressionValue Resolve(IReadOnlyList<string> path)
    {
        string Need(int index) => path.Count > index ? path[index] : throw new ExpressionException($"{string.Join('.', path)}: incomplete name");
        switch (path[0])
        {
            case "secrets":
                var secret = Need(1);
                if (secret == "KUBECONFIG") return ExpressionValue.Of(settings.Kubeconfig);
                if (secret == "GITHUB_TOKEN") return ExpressionValue.Of(settings.GitHub["token"]);
                return settings.Secrets.TryGetValue(secret, out var s) ? ExpressionValue.Of(s) : throw Missing(path, "the test sets no such secret");
            case "github":
                return settings.GitHub.TryGetValue(Need(1), out var g) ? ExpressionValue.Of(g) : throw Missing(path, "the test sets no such github value");
            case "vars":
                return settings.Vars.TryGetValue(Need(1), out var v) ? ExpressionValue.Of(v) : throw Missing(path, "the test sets no such variable");
            case "env":
                return env.TryGetValue(Need(1), out var e) ? ExpressionValue.Of(e) : throw Missing(path, "no env: defines it");
            case "inputs":
                if (!workflow.DispatchInputs.TryGetValue(Need(1), out var fallback)) throw Missing(path, "the workflow declares no such input");
                return ExpressionValue.Of(settings.Inputs.GetValueOrDefault(path[1]) ?? fallback ?? "");
            case "runner":
                return Need(1) switch
                {
                    "os" => ExpressionValue.Of("Linux"),
                    "arch" => ExpressionValue.Of("X64"),
                    "temp" => ExpressionValue.Of(Path.GetTempPath()),
                    _ => throw Missing(path, "unknown runner property"),
                };
            case "steps":
                return StepValue(path, Need(1), Need(2));
            case "needs":
                return NeedsValue(path, Need(1), Need(2));
            default:
                throw Missing(path, "the local runner does not know this context");
        }
    }

    private ExpressionValue StepValue(IReadOnlyList<string> path, string id, string property)
    {
        if (job is null) throw Missing(path, "steps is only defined inside a job");
        var step = job.Steps.FirstOrDefault(s => s.Id == id) ?? throw Missing(path, $"job {job.Id} has no step with id {id}");
        var run = stepsSoFar.FirstOrDefault(r => r.Step.Id == id);
        if (run is null && step.Index >= stepsSoFar.Count) throw Missing(path, $"step {id} runs later");
        switch (property)
        {
            case "outcome" or "conclusion":
                return ExpressionValue.Of(run?.Outcome ?? "skipped");
            case "outputs":
                var name = path.Count > 3 ? path[3] : throw Missing(path, "which output?");
                if (step.Uses is not null && ActionMetadata.ForUses(step.Uses) is { } action && !action.Outputs.Contains(name))
                    throw Missing(path, $"{step.Uses} declares no output {name}");
                return ExpressionValue.Of(run?.Outputs.GetValueOrDefault(name) ?? "");
            default:
                throw Missing(path, "unknown step property");
        }
    }

    private ExpressionValue NeedsValue(IReadOnlyList<string> path, string needed, string property)
    {
        if (job is null || !job.Needs.Contains(needed)) throw Missing(path, $"job {job?.Id} does not need {needed}");
        var run = finishedJobs[needed];
        switch (property)
        {
            case "result":
                return ExpressionValue.Of(run.Result);
            case "outputs":
                var name = path.Count > 3 ? path[3] : throw Missing(path, "which output?");
                if (run.Job.Outputs.All(o => o.Key != name)) throw Missing(path, $"job {needed} declares no output {name}");
                return ExpressionValue.Of(run.Outputs.GetValueOrDefault(name) ?? "");
            default:
                throw Missing(path, "unknown needs property");
        }
    }

    public bool Status(string function)
    {
        if (function == "always") return true;
        if (function == "cancelled") return false;   // the local runner never cancels a run
        if (StepLevel)
        {
            var failed = stepsSoFar.Any(s => s.Outcome == "failure");
            return function == "success" ? !failed : failed;
        }
        // Job level: success() when every needed job succeeded; failure() when any ancestor failed.
        var needs = job?.Needs ?? [];
        return function == "success"
            ? needs.All(n => finishedJobs[n].Result == "success")
            : Ancestors(job!).Any(a => finishedJobs[a].Result == "failure");
    }

    /// <summary>True when evaluating a step's `if:` (the status functions then look at the job's earlier steps).</summary>
    public bool StepLevel { get; init; }

    private IEnumerable<string> Ancestors(WorkflowJob start)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>(start.Needs);
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id)) continue;
            foreach (var n in workflow.Jobs.Single(j => j.Id == id).Needs) queue.Enqueue(n);
        }
        return seen;
    }

    private static ExpressionException Missing(IReadOnlyList<string> path, string why) =>
        new($"cannot evaluate {string.Join('.', path)}: {why}");
}
