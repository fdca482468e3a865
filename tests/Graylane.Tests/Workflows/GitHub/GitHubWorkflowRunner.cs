using System.Text;
using Graylane.Cli;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Runs a workflow file's Graylane steps in-process the way the GitHub runner runs the container actions:
/// jobs in `needs` order with `if:` and environment reviews, for each step INPUT_&lt;NAME&gt; from `with:` (expressions
/// evaluated) and from the action's defaults, the action's args, the workflow/job/step env, GITHUB_* variables and
/// fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files; then CommandDispatcher.RunAsync, and the output file read back
/// as the step's outputs. `run:` steps and other repositories' actions are skipped with a log line.
/// </summary>
public sealed class GitHubWorkflowRunner(WorkflowRunSettings settings)
{
    private readonly StringBuilder _log = new();

    public async Task<WorkflowRun> RunAsync(string workflowPath, CancellationToken ct = default)
    {
        var workflow = WorkflowFile.Load(workflowPath);
        var finished = new Dictionary<string, JobRun>(StringComparer.Ordinal);
        var order = new List<JobRun>();
        var workflowEnv = Evaluate(workflow.Env, new RunContext(workflow, settings, null, [], finished, new Dictionary<string, string>()));
        while (order.Count < workflow.Jobs.Count)
        {
            var job = workflow.Jobs.FirstOrDefault(j => !finished.ContainsKey(j.Id) && j.Needs.All(finished.ContainsKey))
                ?? throw new InvalidDataException($"{workflowPath}: the jobs' needs form a cycle");
            var run = await RunJobAsync(workflow, job, finished, workflowEnv, ct);
            finished[job.Id] = run;
            order.Add(run);
        }
        return new WorkflowRun(order, _log.ToString());
    }

    private async Task<JobRun> RunJobAsync(WorkflowFile workflow, WorkflowJob job, Dictionary<string, JobRun> finished,
        Dictionary<string, string> workflowEnv, CancellationToken ct)
    {
        var jobContext = new RunContext(workflow, settings, job, [], finished, workflowEnv);
        if (!WorkflowExpression.Condition(job.If, jobContext))
        {
            _log.AppendLine($"job {job.Id}: skipped (if: {job.If ?? "success()"})");
            return new JobRun(job, "skipped", new Dictionary<string, string>(), []);
        }
        if (job.Environment is { } environment)
        {
            var approved = settings.ReviewEnvironment(job.Id, environment);
            _log.AppendLine($"job {job.Id}: environment {environment} review: {(approved ? "approved" : "rejected")}");
            if (!approved) return new JobRun(job, "failure", new Dictionary<string, string>(), []);
        }
        _log.AppendLine($"job {job.Id}: started");
        var env = new Dictionary<string, string>(workflowEnv, StringComparer.Ordinal);
        foreach (var (k, v) in Evaluate(job.Env, jobContext)) env[k] = v;

        var steps = new List<StepRun>();
        foreach (var step in job.Steps)
        {
            var context = new RunContext(workflow, settings, job, steps, finished, env) { StepLevel = true };
            if (!WorkflowExpression.Condition(step.If, context))
            {
                _log.AppendLine($"  {step.Label}: skipped (if: {step.If ?? "success()"})");
                steps.Add(new StepRun(step, "skipped", new Dictionary<string, string>(), "", ""));
                continue;
            }
            var run = await RunStepAsync(workflow, job, step, context, env, ct);
            _log.AppendLine($"  {step.Label}: {run.Outcome}");
            steps.Add(run);
        }
        var result = steps.Any(s => s.Outcome == "failure") ? "failure" : "success";
        // Outputs are evaluated when the job ends, also when it failed: outputs of steps that ran are there.
        var outputs = Evaluate(job.Outputs, new RunContext(workflow, settings, job, steps, finished, env));
        _log.AppendLine($"job {job.Id}: {result}");
        return new JobRun(job, result, outputs, steps);
    }

    private async Task<StepRun> RunStepAsync(WorkflowFile workflow, WorkflowJob job, WorkflowStep step, RunContext context,
        Dictionary<string, string> jobEnv, CancellationToken ct)
    {
        var none = new Dictionary<string, string>();
        if (step.Uses is null)
        {
            _log.AppendLine($"  {step.Label}: run: step not run by the local runner");
            return new StepRun(step, "success", none, "", "");
        }
        var action = ActionMetadata.ForUses(step.Uses);
        if (action is null || action.Using != "docker")
        {
            _log.AppendLine($"  {step.Label}: {step.Uses} is not a Graylane container action; not run by the local runner");
            return new StepRun(step, "success", none, "", "");
        }
        foreach (var (name, _) in step.With)
            if (!action.Inputs.ContainsKey(name))
                throw new InvalidDataException($"{workflow.Path}: job {job.Id}, step {step.Label}: {step.Uses} has no input \"{name}\"");

        var dir = Directory.CreateTempSubdirectory("graylane-step-").FullName;
        try
        {
            var env = RunnerEnvironment(workflow, job, step, dir);
            foreach (var (k, v) in jobEnv) env[k] = v;
            foreach (var (k, v) in Evaluate(step.Env, context)) env[k] = v;
            // The runner sets every declared input that has a default, then the given ones.
            foreach (var (name, value) in action.Inputs)
                if (value is not null) env[InputVariable(name)] = WorkflowExpression.Interpolate(value, context);
            foreach (var (name, value) in step.With)
                env[InputVariable(name)] = WorkflowExpression.Interpolate(value, context);
            var args = action.Args.Select(a => WorkflowExpression.Interpolate(a, context)).ToList();

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CommandDispatcher.RunAsync(args, env, stdout, stderr, ct);
            var log = stdout + stderr.ToString();
            _log.Append(Indent(log));
            var outputs = OutputFile.Parse(File.ReadAllText(env["GITHUB_OUTPUT"]));
            var summary = File.ReadAllText(env["GITHUB_STEP_SUMMARY"]);
            return new StepRun(step, code == 0 ? "success" : "failure", outputs, log, summary);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The runner's own variables for a step (docs "Variables reference", default environment variables).</summary>
    private Dictionary<string, string> RunnerEnvironment(WorkflowFile workflow, WorkflowJob job, WorkflowStep step, string dir)
    {
        var output = Path.Combine(dir, "output");
        var summary = Path.Combine(dir, "summary");
        File.WriteAllText(output, "");
        File.WriteAllText(summary, "");
        Directory.CreateDirectory(Path.Combine(dir, "home"));
        var g = settings.GitHub;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_WORKFLOW"] = workflow.Name,
            ["GITHUB_JOB"] = job.Id,
            ["GITHUB_ACTION"] = step.Id ?? $"__graylane_{step.Index}",
            ["HOME"] = Path.Combine(dir, "home"),   // the container's home: no ~/.kube/config of the machine
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_TEMP"] = dir,
        };
        foreach (var (key, name) in new[]
                 {
                     ("actor", "GITHUB_ACTOR"), ("repository", "GITHUB_REPOSITORY"), ("run_id", "GITHUB_RUN_ID"),
                     ("run_attempt", "GITHUB_RUN_ATTEMPT"), ("sha", "GITHUB_SHA"), ("ref", "GITHUB_REF"),
                     ("event_name", "GITHUB_EVENT_NAME"), ("server_url", "GITHUB_SERVER_URL"), ("api_url", "GITHUB_API_URL"),
                 })
            if (g.TryGetValue(key, out var value)) env[name] = value;
        return env;
    }

    public static string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();

    private static Dictionary<string, string> Evaluate(IEnumerable<KeyValuePair<string, string>> templates, IExpressionContext context) =>
        templates.ToDictionary(kv => kv.Key, kv => WorkflowExpression.Interpolate(kv.Value, context), StringComparer.Ordinal);

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l + "\n"));
}
