using System.Text;
using System.Text.RegularExpressions;
using Graylane.Cli;
using Graylane.Tests.Workflows.GitHub;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// Runs an Azure pipeline's Graylane tasks in-process the way the agent runs them: stages and jobs in dependsOn
/// order with their conditions; for each task INPUT_&lt;NAME UPPER-CASED&gt; from task.json defaults and `inputs:`
/// (${{ parameters }} and $(macros) expanded, an unknown macro throws), the Kubernetes service connection as
/// ENDPOINT_* variables with its id in the input, pipeline variables as environment variables, TF_BUILD=True; then
/// CommandDispatcher.RunAsync([step]) as index.js does, and `##vso[task.setvariable …;isOutput=true]` lines read back
/// as the step's outputs for `$(stepName.output)` in later steps of the job. ManualValidation and environment
/// approvals ask the test. Each agent job gets its own $(Build.SourcesDirectory) holding the test's repository (the
/// implicit checkout: self; checkout: none leaves it empty), where script:/bash: steps run with bash and tasks run.
/// Any other step (another task) cannot run here and fails the run, naming it.
/// </summary>
public sealed partial class AzurePipelineRunner(PipelineRunSettings settings)
{
    private readonly StringBuilder _log = new();
    private readonly Dictionary<string, string> _connectionIds = new(StringComparer.Ordinal);
    private Dictionary<string, string> _jobVariables = new(StringComparer.OrdinalIgnoreCase);
    private string? _sources;   // the job's $(Build.SourcesDirectory)

    public async Task<PipelineRun> RunAsync(string pipelinePath, CancellationToken ct = default)
    {
        var pipeline = PipelineFile.Load(pipelinePath);
        var done = new Dictionary<string, PipelineStageRun>(StringComparer.Ordinal);
        var order = new List<PipelineStageRun>();
        while (order.Count < pipeline.Stages.Count)
        {
            var stage = pipeline.Stages.FirstOrDefault(s => !done.ContainsKey(s.Name) && s.DependsOn.All(done.ContainsKey))
                ?? throw new InvalidDataException($"{pipelinePath}: the stages' dependsOn form a cycle");
            var run = await RunStageAsync(pipeline, stage, done, ct);
            done[stage.Name] = run;
            order.Add(run);
        }
        return new PipelineRun(order, _log.ToString());
    }

    private async Task<PipelineStageRun> RunStageAsync(PipelineFile pipeline, PipelineStage stage, Dictionary<string, PipelineStageRun> done, CancellationToken ct)
    {
        var ancestors = Ancestors(stage.DependsOn, n => pipeline.Stages.Single(s => s.Name == n).DependsOn);
        bool Status(string f) => f switch
        {
            "succeeded" => stage.DependsOn.All(d => done[d].Result == "Succeeded"),
            "failed" => ancestors.Any(a => done[a].Result == "Failed"),
            "canceled" => false,
            _ => true,
        };
        if (!AzureCondition.Evaluate(Expand(pipeline, stage.Condition, null), Status, v => Variable(pipeline, v)))
        {
            _log.AppendLine($"stage {stage.Name}: skipped (condition: {stage.Condition ?? "succeeded()"})");
            return new PipelineStageRun(stage, "Skipped", []);
        }
        var jobs = new Dictionary<string, PipelineJobRun>(StringComparer.Ordinal);
        var order = new List<PipelineJobRun>();
        while (order.Count < stage.Jobs.Count)
        {
            var job = stage.Jobs.FirstOrDefault(j => !jobs.ContainsKey(j.Name) && j.DependsOn.All(jobs.ContainsKey))
                ?? throw new InvalidDataException($"stage {stage.Name}: the jobs' dependsOn form a cycle");
            var run = await RunJobAsync(pipeline, stage, job, jobs, ct);
            jobs[job.Name] = run;
            order.Add(run);
        }
        var result = order.Any(j => j.Result == "Failed") ? "Failed" : "Succeeded";
        _log.AppendLine($"stage {stage.Name}: {result}");
        return new PipelineStageRun(stage, result, order);
    }

    private async Task<PipelineJobRun> RunJobAsync(PipelineFile pipeline, PipelineStage stage, PipelineJob job,
        Dictionary<string, PipelineJobRun> jobs, CancellationToken ct)
    {
        var ancestors = Ancestors(job.DependsOn, n => stage.Jobs.Single(j => j.Name == n).DependsOn);
        bool Status(string f) => f switch
        {
            "succeeded" => job.DependsOn.All(d => jobs[d].Result == "Succeeded"),
            "failed" => ancestors.Any(a => jobs[a].Result == "Failed"),
            "canceled" => false,
            _ => true,
        };
        if (!AzureCondition.Evaluate(Expand(pipeline, job.Condition, null), Status, v => Variable(pipeline, v)))
        {
            _log.AppendLine($"  job {job.Name}: skipped");
            return new PipelineJobRun(job, "Skipped", []);
        }
        if (job.Environment is { } environment)
        {
            var approved = settings.Review(job.Name, "environment " + environment);
            _log.AppendLine($"  job {job.Name}: environment {environment} approval: {(approved ? "approved" : "rejected")}");
            if (!approved) return new PipelineJobRun(job, "Failed", []);
        }
        _jobVariables = JobVariables(job, jobs);
        using var folders = job.Agentless ? null : new JobFolders(job.ChecksOut ? settings.Repository : null);
        _sources = folders?.Sources;
        if (folders is not null)
        {
            _jobVariables["Build.SourcesDirectory"] = folders.Sources;
            _jobVariables["System.DefaultWorkingDirectory"] = folders.Sources;
            _jobVariables["Build.ArtifactStagingDirectory"] = folders.Staging;
        }
        var steps = new List<PipelineStepRun>();
        foreach (var step in job.Steps)
        {
            bool StepStatus(string f) => f switch
            {
                "succeeded" => steps.All(s => s.Result != "Failed"),
                "failed" => steps.Any(s => s.Result == "Failed"),
                "canceled" => false,
                _ => true,
            };
            if (!AzureCondition.Evaluate(Expand(pipeline, step.Condition, steps), StepStatus, v => Variable(pipeline, v)))
            {
                steps.Add(new PipelineStepRun(step, "Skipped", new Dictionary<string, string>(), ""));
                continue;
            }
            var run = await RunStepAsync(pipeline, job, step, steps, ct);
            _log.AppendLine($"    {step.Label}: {run.Result}");
            steps.Add(run);
        }
        var result = steps.Any(s => s.Result == "Failed") ? "Failed" : "Succeeded";
        _jobVariables = new(StringComparer.OrdinalIgnoreCase);   // a job's variables end with it
        _log.AppendLine($"  job {job.Name}: {result}");
        return new PipelineJobRun(job, result, steps);
    }

    private async Task<PipelineStepRun> RunStepAsync(PipelineFile pipeline, PipelineJob job, PipelineStep step, List<PipelineStepRun> before, CancellationToken ct)
    {
        var none = new Dictionary<string, string>();
        if (step.Checkout is not null)
        {
            if (step.Checkout is not ("self" or "none")) throw CannotRun(pipeline, job, step, $"checkout: {step.Checkout} (only self and none)");
            return new PipelineStepRun(step, "Succeeded", none, "");   // the job's folder holds the checkout already
        }
        if (step.Script is not null)
        {
            if (job.Agentless) throw new InvalidDataException($"{pipeline.Path}: job {job.Name} is agentless (pool: server) but runs a script");
            return await RunScriptAsync(pipeline, step, before, ct);
        }
        if (step.Task is null)
            throw CannotRun(pipeline, job, step, "it is neither a task, a script nor a checkout");
        if (step.Task.StartsWith("ManualValidation@", StringComparison.Ordinal))
        {
            foreach (var (name, value) in step.Inputs)
            {
                var expanded = Expand(pipeline, value, before);   // a wrong macro in the instructions fails here too
                if (name == "instructions") _log.AppendLine($"    {step.Label}: instructions: {expanded}");
            }
            var approved = settings.Review(job.Name, "ManualValidation");
            _log.AppendLine($"    {step.Label}: {(approved ? "resumed" : "rejected")} by the reviewer");
            return new PipelineStepRun(step, approved ? "Succeeded" : "Failed", none, "");
        }
        var task = AzureTaskMetadata.Find(step.Task);
        if (task is null)
            throw CannotRun(pipeline, job, step, $"{step.Task} is neither a Graylane task nor ManualValidation");
        if (job.Agentless) throw new InvalidDataException($"{pipeline.Path}: job {job.Name} is agentless (pool: server) but runs {step.Task}");
        foreach (var (name, _) in step.Inputs)
            if (!task.Inputs.ContainsKey(name))
                throw new InvalidDataException($"{pipeline.Path}: job {job.Name}, {step.Task} has no input \"{name}\"");

        var dir = Directory.CreateTempSubdirectory("graylane-task-").FullName;
        try
        {
            var env = AgentEnvironment(pipeline, dir);
            foreach (var (name, (_, value)) in task.Inputs)
                if (!string.IsNullOrEmpty(value)) env[InputVariable(name)] = value;
            foreach (var (name, raw) in step.Inputs)
            {
                var value = Expand(pipeline, raw, before)!;
                if (task.Inputs[name].Type.StartsWith("connectedService:", StringComparison.Ordinal))
                    value = Connect(env, value);
                env[InputVariable(name)] = value;
            }
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CommandDispatcher.RunAsync([task.Step], env, stdout, stderr, ct, settings.Clock, workingDirectory: _sources); // tasks run in the sources directory
            var log = stdout + stderr.ToString();
            _log.Append(string.Concat(log.Split('\n').Where(l => l.Length > 0).Select(l => "      " + l + "\n")));
            var failed = code != 0 || log.Contains("##vso[task.complete result=Failed", StringComparison.Ordinal);
            return new PipelineStepRun(step, failed ? "Failed" : "Succeeded", OutputVariables(log), log);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A script: step, as the agent runs it on Linux: bash --noprofile --norc on a file, in the sources directory.</summary>
    private async Task<PipelineStepRun> RunScriptAsync(PipelineFile pipeline, PipelineStep step, List<PipelineStepRun> before, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("graylane-script-").FullName;
        try
        {
            var file = Path.Combine(dir, "script.sh");
            await File.WriteAllTextAsync(file, Expand(pipeline, step.Script, before), ct);
            var start = new System.Diagnostics.ProcessStartInfo("bash") { WorkingDirectory = _sources!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--noprofile", "--norc", file }) start.ArgumentList.Add(a);
            foreach (var (k, v) in AgentEnvironment(pipeline, dir)) start.Environment[k] = v;
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var log = await stdout + await stderr;
            _log.Append(string.Concat(log.Split('\n').Where(l => l.Length > 0).Select(l => "      " + l + "\n")));
            return new PipelineStepRun(step, process.ExitCode == 0 ? "Succeeded" : "Failed", OutputVariables(log), log);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An agent job's folders: the sources (the repository copied in, or empty) and the artifact staging directory.</summary>
    private sealed class JobFolders : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("graylane-agent-job-").FullName;

        public JobFolders(string? repository)
        {
            Sources = Directory.CreateDirectory(Path.Combine(_root, "s")).FullName;
            Staging = Directory.CreateDirectory(Path.Combine(_root, "a")).FullName;
            if (repository is null) return;
            foreach (var file in Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(Sources, Path.GetRelativePath(repository, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }

        public string Sources { get; }
        public string Staging { get; }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }

    private static InvalidDataException CannotRun(PipelineFile pipeline, PipelineJob job, PipelineStep step, string why) =>
        new($"{pipeline.Path}: job {job.Name}, step {step.Label}: the local agent cannot execute this step: {why}");

    /// <summary>
    /// The agent hands a task its service connection by id: the input holds the id, ENDPOINT_* the connection
    /// (azure-pipelines-task-lib getEndpointUrl / getEndpointAuthorizationParameter / getEndpointDataParameter).
    /// </summary>
    private string Connect(Dictionary<string, string> env, string connectionName)
    {
        if (!_connectionIds.TryGetValue(connectionName, out var id))
            _connectionIds[connectionName] = id = Guid.NewGuid().ToString();
        var server = Regex.Match(settings.Kubeconfig, @"server:\s*(\S+)").Groups[1].Value;
        env[$"ENDPOINT_URL_{id}"] = server;
        env[$"ENDPOINT_AUTH_SCHEME_{id}"] = "None";
        env[$"ENDPOINT_DATA_{id}_AUTHORIZATIONTYPE"] = "Kubeconfig";
        env[$"ENDPOINT_AUTH_PARAMETER_{id}_KUBECONFIG"] = settings.Kubeconfig;
        return id;
    }

    private Dictionary<string, string> AgentEnvironment(PipelineFile pipeline, string dir)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TF_BUILD"] = "True",
            ["AGENT_TEMPDIRECTORY"] = dir,
            ["HOME"] = dir,
        };
        // The agent exposes every variable as an environment variable: upper-cased, '.' → '_'.
        foreach (var (name, value) in settings.Variables.Concat(pipeline.Variables).Concat(_jobVariables))
            env[name.Replace('.', '_').ToUpperInvariant()] = Expand(pipeline, value, null)!;
        return env;
    }

    public static string InputVariable(string name) => "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();

    /// <summary>`##vso[task.setvariable variable=x;isOutput=true]value` lines, unescaped as the agent does.</summary>
    public static Dictionary<string, string> OutputVariables(string log)
    {
        var outputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in SetVariable().Matches(log))
        {
            var props = m.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? Unescape(p[1]) : "", StringComparer.OrdinalIgnoreCase);
            if (props.GetValueOrDefault("isOutput")?.Equals("true", StringComparison.OrdinalIgnoreCase) == true)
                outputs[props["variable"]] = Unescape(m.Groups[2].Value);
        }
        return outputs;
    }

    private static string Unescape(string s) =>
        s.Replace("%3B", ";").Replace("%5D", "]").Replace("%0D", "\r").Replace("%0A", "\n").Replace("%AZP25", "%");

    [GeneratedRegex(@"^##vso\[task\.setvariable ([^\]]*)\](.*)$", RegexOptions.Multiline)]
    private static partial Regex SetVariable();

    /// <summary>${{ parameters.x }} / ${{ variables.x }} (template time), then $(macro) (run time): step outputs, variables.</summary>
    private string? Expand(PipelineFile pipeline, string? text, List<PipelineStepRun>? steps, int depth = 0)
    {
        if (text is null) return null;
        if (depth > 5) throw new ExpressionException($"variables refer to each other in a loop: {text}");
        text = Template().Replace(text, m =>
        {
            var (kind, name) = (m.Groups[1].Value, m.Groups[2].Value);
            if (kind == "variables") return Variable(pipeline, name);
            if (settings.Parameters.TryGetValue(name, out var p)) return p;
            if (pipeline.Parameters.TryGetValue(name, out var d) && d is not null) return d;
            throw new ExpressionException($"parameter {name} is neither given by the test nor has a default");
        });
        return Macro().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            var dot = name.IndexOf('.');
            if (steps is not null && dot > 0 && steps.FirstOrDefault(s => string.Equals(s.Step.Name, name[..dot], StringComparison.OrdinalIgnoreCase)) is { } step)
                return step.Outputs.TryGetValue(name[(dot + 1)..], out var o) ? o
                    : throw new ExpressionException($"$({name}): step {step.Step.Name} set no output {name[(dot + 1)..]}");
            return Expand(pipeline, Variable(pipeline, name), steps, depth + 1)!;
        });
    }

    /// <summary>
    /// A job's variables; `$[ dependencies.&lt;job&gt;.outputs['&lt;step&gt;.&lt;output&gt;'] ]` reads an output variable of a job
    /// it depends on, as the server does (an unknown job, step or output throws: on Azure it would be silently empty).
    /// </summary>
    private static Dictionary<string, string> JobVariables(PipelineJob job, Dictionary<string, PipelineJobRun> jobs)
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in job.Variables)
        {
            if (!value.TrimStart().StartsWith("$[", StringComparison.Ordinal))
            {
                variables[name] = value;
                continue;
            }
            var m = DependencyOutput().Match(value);
            if (!m.Success) throw new ExpressionException($"job {job.Name}, variable {name}: only $[ dependencies.<job>.outputs['<step>.<output>'] ] is supported: {value}");
            var (from, step, output) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
            if (!job.DependsOn.Contains(from) || !jobs.TryGetValue(from, out var run))
                throw new ExpressionException($"job {job.Name}, variable {name}: job {job.Name} does not depend on {from}");
            var stepRun = run.Steps.FirstOrDefault(s => string.Equals(s.Step.Name, step, StringComparison.OrdinalIgnoreCase))
                ?? throw new ExpressionException($"job {job.Name}, variable {name}: job {from} has no step named {step}");
            variables[name] = stepRun.Outputs.TryGetValue(output, out var o) ? o
                : throw new ExpressionException($"job {job.Name}, variable {name}: step {from}.{step} set no output {output}");
        }
        return variables;
    }

    [GeneratedRegex(@"^\s*\$\[\s*dependencies\.([A-Za-z0-9_]+)\.outputs\['([A-Za-z0-9_]+)\.([A-Za-z0-9_.-]+)'\]\s*\]\s*$")]
    private static partial Regex DependencyOutput();

    private string Variable(PipelineFile pipeline, string name) =>
        _jobVariables.TryGetValue(name, out var j) ? j
        : pipeline.Variables.TryGetValue(name, out var v) ? v
        : settings.Variables.TryGetValue(name, out var s) ? s
        : throw new ExpressionException($"$({name}): no variable, step output or predefined variable of that name");

    [GeneratedRegex(@"\$\{\{\s*(parameters|variables)\.([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex Template();

    [GeneratedRegex(@"\$\(([A-Za-z0-9_.-]+)\)")]
    private static partial Regex Macro();

    private static HashSet<string> Ancestors(IEnumerable<string> direct, Func<string, IEnumerable<string>> dependsOn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(direct);
        while (queue.TryDequeue(out var n))
            if (seen.Add(n))
                foreach (var d in dependsOn(n)) queue.Enqueue(d);
        return seen;
    }
}
