using System.Text.Json.Nodes;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The contexts visible at one point of a run (docs "Contexts"): secrets, github (with the event payload), env, inputs,
/// vars, runner, steps of the current job (or composite action) run so far, and needs of the current job. Every name is
/// checked — a step id not run yet, an output the action does not declare, a job not in needs — and throws, so an
/// example with a typo fails here instead of silently reading ''. Inside a composite action, inputs are the action's,
/// steps its own, and github.action_ref / github.action_repository are empty, as the runner leaves them there
/// (actions/runner issue 2473).
/// </summary>
public sealed class RunContext(
    WorkflowFile workflow,
    WorkflowRunSettings settings,
    WorkflowJob? job,
    IReadOnlyList<StepRun> stepsSoFar,
    IReadOnlyDictionary<string, JobRun> finishedJobs,
    IReadOnlyDictionary<string, string> env) : IExpressionContext
{
    /// <summary>True when evaluating a step's `if:` (the status functions then look at the job's earlier steps).</summary>
    public bool StepLevel { get; init; }

    /// <summary>Set inside a composite action: its metadata and its inputs' values.</summary>
    public CompositeScope? Composite { get; init; }

    /// <summary>The job's folders (github.workspace, runner.temp, runner.tool_cache).</summary>
    public RunnerFolders? Folders { get; init; }

    public ExpressionValue Resolve(IReadOnlyList<string> path)
    {
        string Need(int index) => path.Count > index ? path[index] : throw new ExpressionException($"{string.Join('.', path)}: incomplete name");
        switch (path[0])
        {
            case "secrets":
                if (Composite is not null) throw Missing(path, "a composite action cannot read secrets (pass them as inputs)");
                var secret = Need(1);
                if (secret == "KUBECONFIG") return ExpressionValue.Of(settings.Kubeconfig);
                if (secret == "GITHUB_TOKEN") return ExpressionValue.Of(settings.GitHub["token"]);
                return settings.Secrets.TryGetValue(secret, out var s) ? ExpressionValue.Of(s) : throw Missing(path, "the test sets no such secret");
            case "github":
                return GitHubValue(path, Need(1));
            case "vars":
                return settings.Vars.TryGetValue(Need(1), out var v) ? ExpressionValue.Of(v) : throw Missing(path, "the test sets no such variable");
            case "env":
                return env.TryGetValue(Need(1), out var e) ? ExpressionValue.Of(e) : throw Missing(path, "no env: defines it");
            case "inputs":
                if (Composite is { } composite)
                    return composite.Inputs.TryGetValue(Need(1), out var i) ? ExpressionValue.Of(i) : throw Missing(path, $"{composite.Action.Reference} declares no such input");
                if (!workflow.DispatchInputs.TryGetValue(Need(1), out var fallback)) throw Missing(path, "the workflow declares no such input");
                return ExpressionValue.Of(settings.Inputs.GetValueOrDefault(path[1]) ?? fallback ?? "");
            case "runner":
                return Need(1) switch
                {
                    "os" => ExpressionValue.Of(settings.RunnerOs),
                    "arch" => ExpressionValue.Of(settings.RunnerArch),
                    "temp" => ExpressionValue.Of(Folders?.Temp ?? Path.GetTempPath()),
                    "tool_cache" => ExpressionValue.Of(Folders?.ToolCache ?? throw Missing(path, "no tool cache here")),
                    _ => throw Missing(path, "unknown runner property"),
                };
            case "steps":
                return StepValue(path, Need(1), Need(2));
            case "needs":
                if (Composite is not null) throw Missing(path, "a composite action cannot read needs");
                return NeedsValue(path, Need(1), Need(2));
            default:
                throw Missing(path, "the local runner does not know this context");
        }
    }

    private ExpressionValue GitHubValue(IReadOnlyList<string> path, string name)
    {
        switch (name)
        {
            case "event":
                return ExpressionValue.Of(Navigate(settings.Event, path, 2));
            case "action_path":
                return ExpressionValue.Of(Composite?.Action.Directory ?? throw Missing(path, "only a composite action's steps have an action path"));
            case "action_ref" or "action_repository" when Composite is not null:
                return ExpressionValue.Of("");   // what the runner gives a composite action's steps (actions/runner#2473)
            case "workspace":
                return ExpressionValue.Of(Folders?.Workspace ?? throw Missing(path, "no workspace here"));
        }
        return settings.GitHub.TryGetValue(name, out var g) ? ExpressionValue.Of(g) : throw Missing(path, "the test sets no such github value");
    }

    /// <summary>A property path into the event payload; a missing property is null (as on GitHub), '*' filters every item.</summary>
    private static JsonNode? Navigate(JsonNode? node, IReadOnlyList<string> path, int at)
    {
        if (at == path.Count || node is null) return node;
        if (path[at] == "*")
        {
            var items = node switch
            {
                JsonArray a => a.ToList(),
                JsonObject o => o.Select(kv => kv.Value).ToList(),
                _ => [],
            };
            return new JsonArray(items.Select(i => Navigate(i, path, at + 1)?.DeepClone()).Where(r => r is not null).ToArray());
        }
        var next = node switch
        {
            JsonObject o => o[path[at]],
            JsonArray a when int.TryParse(path[at], out var index) && index >= 0 && index < a.Count => a[index],
            _ => null,
        };
        return Navigate(next, path, at + 1);
    }

    private ExpressionValue StepValue(IReadOnlyList<string> path, string id, string property)
    {
        var declared = Composite?.Action.Steps ?? job?.Steps ?? throw Missing(path, "steps is only defined inside a job");
        var where = Composite is { } c ? c.Action.Reference : $"job {job!.Id}";
        var step = declared.FirstOrDefault(s => s.Id == id) ?? throw Missing(path, $"{where} has no step with id {id}");
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

/// <summary>A composite action being run: its metadata and the values of its inputs.</summary>
public sealed record CompositeScope(ActionMetadata Action, IReadOnlyDictionary<string, string> Inputs);

/// <summary>The runner's folders for one job: the workspace, the job's temp folder and the tool cache the run shares.</summary>
public sealed record RunnerFolders(string Workspace, string Temp, string ToolCache);
