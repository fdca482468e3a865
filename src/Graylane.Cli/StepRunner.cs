using Graylane.Core.Hosting;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine;
using Graylane.Engine.Steps;
using Graylane.Kubernetes;

namespace Graylane.Cli;

/// <summary>
/// Runs one step under a host: connects to the cluster, names the release, runs the step and turns what
/// went wrong into a clear error and an exit code (0 done, 1 failed, 2 bad input or a step that does not fit).
/// </summary>
public static class StepRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    /// <summary>Cancelled by SIGINT (Ctrl+C, the GitHub runner's first signal) or SIGTERM: 128 + the signal, as shells report it.</summary>
    public const int Interrupted = 130;
    public const int Terminated = 143;

    /// <param name="signal">The signal that cancelled ct, if one did (the exit code and the history line name it).</param>
    public static async Task<int> RunAsync(StepDefinition step, IStepHost host, IReadOnlyDictionary<string, string> environment,
        TimeProvider? time = null, CancellationToken ct = default, TextReader? stdin = null, Func<System.Runtime.InteropServices.PosixSignal?>? signal = null, string? workingDirectory = null)
    {
        string? tempKubeconfig = null;
        try
        {
            var inputs = new StepInputs(step.Name, host, step.Inputs);
            var standardInput = new Lazy<string>(() => (stdin ?? Console.In).ReadToEnd()); // read once: the app name and the step may both need it
            var app = AppName(step, inputs, standardInput, workingDirectory);
            var kubeconfig = inputs.Get("kubeconfig");
            if (kubeconfig is not null && KubeconfigContent.IsContent(kubeconfig))
                kubeconfig = tempKubeconfig = KubeconfigContent.WriteTemp(kubeconfig);
            if (kubeconfig is null && ServiceConnection(host, environment) is { } fromConnection)
                kubeconfig = tempKubeconfig = KubeconfigContent.WriteTemp(fromConnection);
            MaskKubeconfigFile(host, kubeconfig ?? KubeconfigFromEnvironment(environment));
            var ns = inputs.Get("namespace") is { } n ? KubeNames.DnsLabel("namespace", n) : null;
            using var kube = KubeConnection.Open(kubeconfig, inputs.Get("context"), ns, environment);
            // A step that talks only to a cluster whose CA the kubeconfig pins has no use for the system trust store.
            if (kube.Trust != KubeTransport.ServerTrust.SystemStore && !step.ReachesOtherServices && step.ReachesOtherServicesIf?.Invoke(inputs) != true)
                SystemTrustStore.LeaveUnread();
            var ctx = new StepContext(step.Name, kube, host, kube.DefaultNamespace, time)
            {
                LockWait = step.Inputs.Any(i => i.Name == "lock-wait") ? inputs.Duration("lock-wait") : TimeSpan.Zero,
                ReadyTimeout = step.Inputs.Any(i => i.Name == "timeout") ? inputs.Duration("timeout") : TimeSpan.FromMinutes(10),
                Environment = name => environment.TryGetValue(name, out var value) ? value : null,
                StandardInput = () => standardInput.Value,
                WorkingDirectory = workingDirectory,
            };
            try
            {
                await step.Run(ctx, inputs, app, ct);
                return Ok;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The step stopped at a safe point (no write is cut halfway; see KubeApi) and gave its lease back.
                return await CancelledAsync(ctx, app, signal?.Invoke());
            }
        }
        catch (InvalidInputException ex)
        {
            host.Error($"[{step.Name}] {ex.Message}");
            return BadInput;
        }
        catch (ReleaseConflictException ex) when (ex.Busy)
        {
            // A lost race, not bad input: the same step run again once the other one has finished goes through.
            host.Error($"[{step.Name}] release is busy: {ex.Message}");
            return Failed;
        }
        catch (ReleaseConflictException ex)
        {
            host.Error($"[{step.Name}] {ex.Message}");
            return BadInput;
        }
        catch (StepFailedException ex)
        {
            host.Error($"[{step.Name}] {ex.Message}");
            return Failed;
        }
        catch (KubeApiException ex)
        {
            host.Error($"[{step.Name}] {ex.Message}");
            return Failed;
        }
        catch (HttpRequestException ex)
        {
            host.Error($"[{step.Name}] cannot reach the Kubernetes API: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled before it reached the cluster (connecting, reading its inputs): nothing was changed.
            host.Error($"[{step.Name}] cancelled before it changed anything; run the step again");
            return signal?.Invoke() == System.Runtime.InteropServices.PosixSignal.SIGTERM ? Terminated : Interrupted;
        }
        finally
        {
            if (tempKubeconfig is not null) File.Delete(tempKubeconfig);
        }
    }

    /// <summary>Records "cancelled during &lt;phase&gt; at &lt;weight&gt;" and prints the state and the way on, within the signal's bound.</summary>
    private static async Task<int> CancelledAsync(StepContext ctx, string app, System.Runtime.InteropServices.PosixSignal? signal)
    {
        var (name, code) = signal == System.Runtime.InteropServices.PosixSignal.SIGTERM ? ("SIGTERM", Terminated) : ("SIGINT", Interrupted);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        try
        {
            ctx.Host.Error($"[{ctx.Step}] {await Engine.Records.CancelledStep.RecordAsync(ctx, app, name, bound.Token)}");
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or OperationCanceledException or ReleaseConflictException)
        {
            ctx.Host.Error($"[{ctx.Step}] cancelled ({name}) at a safe point; the interruption could not be recorded ({ex.Message}). " +
                           $"Run `graylane {ctx.Step}` again with the same inputs to continue, or `graylane rollback --app {app}` to undo");
        }
        return code;
    }

    /// <summary>
    /// Azure Pipelines: the Kubernetes service connection chosen in the task (input kubernetesServiceConnection) when no
    /// kubeconfig is given; its credentials are masked before use.
    /// </summary>
    private static string? ServiceConnection(IStepHost host, IReadOnlyDictionary<string, string> environment)
    {
        if (host is not Hosts.AzurePipelinesHost) return null;
        if (!environment.TryGetValue(Hosts.AzureInputNames.EnvironmentVariable("kubernetes-service-connection"), out var id) || string.IsNullOrWhiteSpace(id))
            return null;
        var content = Hosts.AzureServiceConnection.ReadKubeconfig(environment, id.Trim());
        foreach (var secret in Hosts.SecretScanner.KubeconfigSecrets(content)) host.MaskSecret(secret);
        return content;
    }

    /// <summary>A kubeconfig read from a file can hold tokens and keys too: mask them before anything could echo them.</summary>
    private static void MaskKubeconfigFile(IStepHost host, string? path)
    {
        if (path is null || !File.Exists(path)) return;
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (var secret in Hosts.SecretScanner.KubeconfigSecrets(text)) host.MaskSecret(secret);
    }

    /// <summary>With --manifests alone the release is named after the manifests' only Deployment.</summary>
    private static string AppFromManifests(string manifests, Lazy<string> standardInput, string? workingDirectory)
    {
        var files = new Engine.Manifests.DiskManifestFiles(() => standardInput.Value, workingDirectory);
        var deployments = Core.Manifests.ManifestPaths.Expand(manifests, files)
            .SelectMany(path => Core.Manifests.ManifestLoader.Parse(path, path == "-" ? files.ReadStandardInput() : files.ReadFile(path)))
            .Where(o => o.IsDeployment).Select(o => o.Name).Distinct().ToList();
        return deployments.Count == 1 ? deployments[0]
            : throw new InvalidInputException("app", deployments.Count == 0
                ? "--manifests holds no Deployment to name the release after; give --app"
                : $"--manifests holds several Deployments ({string.Join(", ", deployments)}); give --app to name the release");
    }

    private static string? KubeconfigFromEnvironment(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("KUBECONFIG", out var k) && !string.IsNullOrWhiteSpace(k) ? k.Split(Path.PathSeparator)[0] : null;

    /// <summary>--app, else the Service, else the workload: the name later steps find the release by.</summary>
    private static string AppName(StepDefinition step, StepInputs inputs, Lazy<string> standardInput, string? workingDirectory)
    {
        string? Try(string name) => step.Inputs.Any(i => i.Name == name) ? inputs.Get(name) : null;
        // A name the app defaults from is checked as that input, so the error names the flag the user gave.
        var source = new[] { "app", "service", "workload", "gray-workload" }.FirstOrDefault(n => Try(n) is not null) ?? "app";
        if (Try(source) is null && Try("manifests") is { } manifests)
            return KubeNames.DnsLabel("app", AppFromManifests(manifests, standardInput, workingDirectory));
        var app = Try(source)
            ?? throw new InvalidInputException("app", step.Inputs.Any(i => i.Name == "service")
                ? $"{step.Name} needs --service (finds the baseline through its selector), --workload (the baseline Deployment) or --gray-workload (an existing gray Deployment to update)"
                : $"{step.Name} needs --app: the name of the release (deploy-gray used the Service or workload name unless --app was given)");
        return KubeNames.DnsLabel(source, app);
    }
}
