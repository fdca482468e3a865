using System.Text;
using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Runs a workflow file the way the GitHub runner does, on this machine: jobs in `needs` order with `if:` and environment
/// reviews, each job with its own workspace, temp folder and tool cache; the run's event in GITHUB_EVENT_PATH.
/// <list type="bullet">
/// <item>Graylane container actions run in-process: INPUT_&lt;NAME&gt; from `with:` (expressions evaluated) and the action's
/// defaults, the action's args, the workflow/job/step env, the runner's GITHUB_* / RUNNER_* variables and fresh command
/// files; then CommandDispatcher.RunAsync, and the output file read back as the step's outputs.</item>
/// <item>`run:` steps run in bash (or sh) as scripts, with the runner's variables, the job's env and PATH, and the file
/// commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH) applied as the runner applies them.</item>
/// <item>Composite actions (actions/setup) run their own steps with their inputs, GITHUB_ACTION_PATH and their outputs'
/// value expressions.</item>
/// <item>Other repositories' actions run only where KnownActions stands in for them.</item>
/// </list>
/// A step the local runner cannot execute fails the run with an exception naming the workflow, the job and the step.
/// </summary>
public sealed class GitHubWorkflowRunner(WorkflowRunSettings settings)
{
    /// <summary>The runner machine's own variables a script sees besides the runner's: enough to find and run programs.</summary>
    private static readonly string[] MachineVariables = ["PATH", "DOTNET_ROOT", "TMPDIR", "LANG", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT"];

    private readonly StringBuilder _log = new();

    public async Task<WorkflowRun> RunAsync(string workflowPath, CancellationToken ct = default)
    {
        var workflow = WorkflowFile.Load(workflowPath);
        var eventName = settings.GitHub["event_name"];
        if (!workflow.On.Contains(eventName))
            throw new InvalidDataException($"{workflowPath} does not run on {eventName} (on: {string.Join(", ", workflow.On)})");
        var root = Directory.CreateTempSubdirectory("graylane-run-").FullName;
        try
        {
            var eventPath = Path.Combine(root, "event.json");
            await File.WriteAllTextAsync(eventPath, settings.Event.ToJsonString(), ct);
            var finished = new Dictionary<string, JobRun>(StringComparer.Ordinal);
            var order = new List<JobRun>();
            var workflowEnv = Evaluate(workflow.Env, new RunContext(workflow, settings, null, [], finished, new Dictionary<string, string>()));
            while (order.Count < workflow.Jobs.Count)
            {
                var job = workflow.Jobs.FirstOrDefault(j => !finished.ContainsKey(j.Id) && j.Needs.All(finished.ContainsKey))
                    ?? throw new InvalidDataException($"{workflowPath}: the jobs' needs form a cycle");
                var dir = Path.Combine(root, "jobs", job.Id);
                var folders = new RunnerFolders(Created(dir, "workspace"), Created(dir, "temp"), Created(dir, "tool-cache"));
                var state = new JobState(settings, workflow, job, folders, Created(dir, "home"), eventPath, finished);
                var run = await RunJobAsync(state, workflowEnv, ct);
                finished[job.Id] = run;
                order.Add(run);
            }
            return new WorkflowRun(order, _log.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One job as it runs: its env and PATH as the steps' file commands changed them.</summary>
    private sealed class JobState(WorkflowRunSettings settings, WorkflowFile workflow, WorkflowJob job, RunnerFolders folders, string home,
        string eventPath, IReadOnlyDictionary<string, JobRun> finished)
    {
        public WorkflowFile Workflow { get; } = workflow;
        public WorkflowJob Job { get; } = job;
        public RunnerFolders Folders { get; } = folders;
        public string Home { get; } = home;
        public string EventPath { get; } = eventPath;
        public IReadOnlyDictionary<string, JobRun> Finished { get; } = finished;
        public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

        /// <summary>GITHUB_PATH entries, the latest first (each is prepended to PATH).</summary>
        public List<string> PathEntries { get; } = [];

        /// <summary>The contexts for a step's expressions: the job's steps so far, or a composite action's.</summary>
        public RunContext Context(IReadOnlyList<StepRun> steps, IReadOnlyDictionary<string, string>? env = null, CompositeScope? composite = null) =>
            new(Workflow, settings, Job, steps, Finished, env ?? Env) { StepLevel = true, Composite = composite, Folders = Folders };

        public void Apply(IReadOnlyDictionary<string, string> env, IReadOnlyList<string> path)
        {
            foreach (var (k, v) in env) Env[k] = v;
            foreach (var p in path) PathEntries.Insert(0, p);
        }
    }

    private async Task<JobRun> RunJobAsync(JobState state, Dictionary<string, string> workflowEnv, CancellationToken ct)
    {
        var (workflow, job) = (state.Workflow, state.Job);
        var jobContext = new RunContext(workflow, settings, job, [], state.Finished, workflowEnv) { Folders = state.Folders };
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
        foreach (var (k, v) in workflowEnv) state.Env[k] = v;
        foreach (var (k, v) in Evaluate(job.Env, jobContext)) state.Env[k] = v;

        var steps = new List<StepRun>();
        foreach (var step in job.Steps)
        {
            var context = state.Context(steps);
            if (!WorkflowExpression.Condition(step.If, context))
            {
                _log.AppendLine($"  {step.Label}: skipped (if: {step.If ?? "success()"})");
                steps.Add(new StepRun(step, "skipped", new Dictionary<string, string>(), "", ""));
                continue;
            }
            var run = await RunStepAsync(state, step, context, new Dictionary<string, string>(), "  ", ct);
            _log.AppendLine($"  {step.Label}: {run.Outcome}");
            steps.Add(run);
        }
        var result = steps.Any(s => s.Outcome == "failure") ? "failure" : "success";
        // Outputs are evaluated when the job ends, also when it failed: outputs of steps that ran are there.
        var outputs = Evaluate(job.Outputs, new RunContext(workflow, settings, job, steps, state.Finished, state.Env) { Folders = state.Folders });
        _log.AppendLine($"job {job.Id}: {result}");
        return new JobRun(job, result, outputs, steps);
    }

    /// <param name="outerEnv">Variables from around the step: a composite action's calling step's env and GITHUB_ACTION_PATH.</param>
    private async Task<StepRun> RunStepAsync(JobState state, WorkflowStep step, RunContext context, IReadOnlyDictionary<string, string> outerEnv,
        string indent, CancellationToken ct)
    {
        if (step.Run is not null)
            return await RunScriptAsync(state, step, context, outerEnv, indent, ct);
        if (step.Uses is null)
            throw CannotRun(state, step, "it has neither run: nor uses:");
        var action = ActionMetadata.ForUses(step.Uses);
        if (action is null)
        {
            var with = Evaluate(step.With, context);
            var result = await KnownActions.RunAsync(step.Uses, with, state.Folders.Workspace, settings.Repository, ct)
                ?? throw CannotRun(state, step, $"{step.Uses} is another repository's action the local runner has no stand-in for");
            _log.Append(Indent(result.Log, indent + "  "));
            state.Apply(result.Env, result.PathEntries);
            return new StepRun(step, result.Outcome, result.Outputs, result.Log, "");
        }
        foreach (var (name, _) in step.With)
            if (!action.Inputs.ContainsKey(name))
                throw new InvalidDataException($"{state.Workflow.Path}: job {state.Job.Id}, step {step.Label}: {step.Uses} has no input \"{name}\"");
        return action.Using switch
        {
            "docker" => await RunContainerAsync(state, step, action, context, ct),
            "composite" => await RunCompositeAsync(state, step, action, context, indent, ct),
            _ => throw CannotRun(state, step, $"{step.Uses} runs using {action.Using}"),
        };
    }

    /// <summary>A Graylane container action, in-process: the binary the image holds, with the environment the runner gives the container.</summary>
    private async Task<StepRun> RunContainerAsync(JobState state, WorkflowStep step, ActionMetadata action, RunContext context, CancellationToken ct)
    {
        var commands = new FileCommands(state.Folders.Temp);
        var env = RunnerEnvironment(state, step, commands);
        foreach (var (k, v) in state.Env) env[k] = v;
        foreach (var (k, v) in Evaluate(step.Env, context)) env[k] = v;
        // The runner sets every declared input that has a default, then the given ones.
        foreach (var (name, value) in action.Inputs)
            if (value is not null) env[InputVariable(name)] = WorkflowExpression.Interpolate(value, context);
        foreach (var (name, value) in step.With)
            env[InputVariable(name)] = WorkflowExpression.Interpolate(value, context);
        var args = action.Args.Select(a => WorkflowExpression.Interpolate(a, context)).ToList();

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(args, env, stdout, stderr, ct, settings.Clock, workingDirectory: state.Folders.Workspace); // docker run --workdir /github/workspace
        var log = stdout + stderr.ToString();
        _log.Append(Indent(log, "    "));
        state.Apply(commands.Env(), commands.PathEntries());
        return new StepRun(step, code == 0 ? "success" : "failure", commands.Outputs(), log, commands.Summary());
    }

    /// <summary>A `run:` step: its script in its shell, on this machine.</summary>
    private async Task<StepRun> RunScriptAsync(JobState state, WorkflowStep step, RunContext context, IReadOnlyDictionary<string, string> outerEnv,
        string indent, CancellationToken ct)
    {
        var (program, args, why) = ScriptStep.CommandLine(step.Shell, settings.RunnerOs);
        if (program is null) throw CannotRun(state, step, why!);
        if (Tools.Find(program) is null) throw CannotRun(state, step, $"{program} is not on this machine's PATH");
        var script = WorkflowExpression.Interpolate(step.Run!, context);
        var commands = new FileCommands(state.Folders.Temp);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in MachineVariables)
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) env[name] = value;
        foreach (var (k, v) in settings.MachineEnvironment) env[k] = v;
        foreach (var (k, v) in RunnerEnvironment(state, step, commands)) env[k] = v;
        foreach (var (k, v) in state.Env) env[k] = v;
        foreach (var (k, v) in outerEnv) env[k] = v;
        foreach (var (k, v) in Evaluate(step.Env, context)) env[k] = v;
        env["PATH"] = string.Join(Path.PathSeparator, state.PathEntries.Append(env.GetValueOrDefault("PATH") ?? "").Where(p => p.Length > 0));
        var directory = step.WorkingDirectory is { } w
            ? Path.Combine(state.Folders.Workspace, WorkflowExpression.Interpolate(w, context))
            : state.Folders.Workspace;

        var (code, output) = await ScriptStep.RunAsync(program, args, script, directory, env, state.Folders.Temp, ct);
        _log.Append(Indent(output, indent + "  "));
        if (code != 0) _log.AppendLine($"{indent}  (exit code {code})");
        state.Apply(commands.Env(), commands.PathEntries());
        return new StepRun(step, code == 0 ? "success" : "failure", commands.Outputs(), output, commands.Summary());
    }

    /// <summary>A composite action: its steps with its inputs (given or default), then its outputs' value expressions.</summary>
    private async Task<StepRun> RunCompositeAsync(JobState state, WorkflowStep step, ActionMetadata action, RunContext caller, string indent, CancellationToken ct)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, fallback) in action.Inputs)
        {
            var given = step.With.FirstOrDefault(w => w.Key == name).Value;
            inputs[name] = WorkflowExpression.Interpolate(given ?? fallback ?? "", caller);
        }
        var scope = new CompositeScope(action, inputs);
        var outer = Evaluate(step.Env, caller);
        outer["GITHUB_ACTION_PATH"] = action.Directory;
        var env = new Dictionary<string, string>(state.Env, StringComparer.Ordinal);
        foreach (var (k, v) in outer) env[k] = v;

        var inner = new List<StepRun>();
        var log = new StringBuilder();
        foreach (var s in action.Steps)
        {
            var context = state.Context(inner, env, scope);
            if (!WorkflowExpression.Condition(s.If, context))
            {
                _log.AppendLine($"{indent}  {s.Label}: skipped (if: {s.If})");
                inner.Add(new StepRun(s, "skipped", new Dictionary<string, string>(), "", ""));
                continue;
            }
            if (s.Run is not null && s.Shell is null)
                throw CannotRun(state, step, $"its step {s.Label} has run: without shell:, which a composite action must give");
            var run = await RunStepAsync(state, s, context, outer, indent + "  ", ct);
            _log.AppendLine($"{indent}  {s.Label}: {run.Outcome}");
            log.Append(run.Log);
            inner.Add(run);
        }
        var last = state.Context(inner, env, scope);
        var outputs = action.OutputValues.ToDictionary(o => o.Key, o => WorkflowExpression.Interpolate(o.Value, last), StringComparer.Ordinal);
        var outcome = inner.Any(r => r.Outcome == "failure") ? "failure" : "success";
        return new StepRun(step, outcome, outputs, log.ToString(), string.Concat(inner.Select(r => r.Summary))) { Inner = inner };
    }

    /// <summary>The runner's own variables for a step (docs "Variables reference", default environment variables).</summary>
    private Dictionary<string, string> RunnerEnvironment(JobState state, WorkflowStep step, FileCommands commands)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKFLOW"] = state.Workflow.Name,
            ["GITHUB_JOB"] = state.Job.Id,
            ["GITHUB_ACTION"] = step.Id ?? $"__graylane_{step.Index}",
            ["GITHUB_WORKSPACE"] = state.Folders.Workspace,
            ["GITHUB_EVENT_PATH"] = state.EventPath,
            ["HOME"] = state.Home,   // the runner's own home: no ~/.kube/config of this machine
            ["RUNNER_OS"] = settings.RunnerOs,
            ["RUNNER_ARCH"] = settings.RunnerArch,
            ["RUNNER_TEMP"] = state.Folders.Temp,
            ["RUNNER_TOOL_CACHE"] = state.Folders.ToolCache,
        };
        foreach (var (k, v) in commands.Variables) env[k] = v;
        foreach (var (key, name) in new[]
                 {
                     ("actor", "GITHUB_ACTOR"), ("repository", "GITHUB_REPOSITORY"), ("run_id", "GITHUB_RUN_ID"),
                     ("run_attempt", "GITHUB_RUN_ATTEMPT"), ("sha", "GITHUB_SHA"), ("ref", "GITHUB_REF"),
                     ("event_name", "GITHUB_EVENT_NAME"), ("server_url", "GITHUB_SERVER_URL"), ("api_url", "GITHUB_API_URL"),
                 })
            if (settings.GitHub.TryGetValue(key, out var value)) env[name] = value;
        return env;
    }

    private static InvalidDataException CannotRun(JobState state, WorkflowStep step, string why) =>
        new($"{state.Workflow.Path}: job {state.Job.Id}, step {step.Label}: the local runner cannot execute this step: {why}");

    public static string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();

    private static string Created(string parent, string name) => Directory.CreateDirectory(Path.Combine(parent, name)).FullName;

    private static Dictionary<string, string> Evaluate(IEnumerable<KeyValuePair<string, string>> templates, IExpressionContext context) =>
        templates.ToDictionary(kv => kv.Key, kv => WorkflowExpression.Interpolate(kv.Value, context), StringComparer.Ordinal);

    private static string Indent(string text, string indent) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => indent + l.TrimEnd('\r') + "\n"));
}
