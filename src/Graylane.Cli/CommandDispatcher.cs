using Graylane.Core.Validation;
using Graylane.Cli.Hosts;
using Graylane.Engine.Steps;

namespace Graylane.Cli;

/// <summary>Picks the command from the arguments (or the action's `command` input) and runs it.</summary>
public static class CommandDispatcher
{
    /// <param name="time">The clock the step waits on (tests skip the waiting with their own); the system clock by default.</param>
    /// <param name="workingDirectory">What relative file inputs (--manifests) are relative to; the process's current directory by default.
    /// A host that runs the step in-process for a container or task (whose working directory is the checkout) passes the checkout.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment,
        TextWriter stdout, TextWriter stderr, CancellationToken ct, TimeProvider? time = null,
        Func<System.Runtime.InteropServices.PosixSignal?>? signal = null, string? workingDirectory = null)
    {
        var command = args.Count > 0 ? args[0] : CommandFromHost(environment);
        var rest = args.Skip(1).ToList();
        switch (command)
        {
            case null or "help" or "--help" or "-h":
                stdout.Write(Usage());
                return command is null ? StepRunner.BadInput : StepRunner.Ok;
            case "version" or "--version":
                stdout.WriteLine(VersionLine);
                return StepRunner.Ok;
#if LOCAL_CLUSTER
            case "demo":
                return await LocalCluster.DemoCommand.RunAsync(rest, environment, stdout, stderr, ct);
            case "sandbox":
                return await LocalCluster.SandboxCommand.RunAsync(rest, environment, stdout, stderr, ct);
#endif
        }

        var step = StepCatalog.Find(command) ?? LaneCommand.Find(command);
        if (command == "lane")
        {
            step = LaneCommand.Find(rest.FirstOrDefault());
            if (step is null)
            {
                stderr.WriteLine("error: graylane lane needs create or delete, e.g. graylane lane create --app mock --name dev-alice --services mocka=<image> --match header:alice-dev=true");
                return StepRunner.BadInput;
            }
            rest = rest.Skip(1).ToList();
        }
        if (step is null)
        {
            stderr.WriteLine($"error: unknown command \"{command}\". {Usage()}");
            return StepRunner.BadInput;
        }
        StepHost host;
        try
        {
            host = HostFactory.Create(step.Name, step.Inputs, rest, environment, stdout, stderr);
        }
        catch (InvalidInputException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return StepRunner.BadInput;
        }
        if (host.HelpRequested)
        {
            stdout.Write(HelpText.Render(step.Name, step.Description, step.Inputs));
            return StepRunner.Ok;
        }
        var code = await StepRunner.RunAsync(step, host, environment, time, ct, signal: signal, workingDirectory: workingDirectory);
        host.Complete(code == StepRunner.Ok, code == StepRunner.Ok ? $"{step.Name} done" : $"{step.Name} failed");
        return code;
    }

    /// <summary>What `graylane version` prints.</summary>
    public static string VersionLine => $"graylane {typeof(CommandDispatcher).Assembly.GetName().Version?.ToString(3)}";

    /// <summary>In a container action the command arrives as the `command` input.</summary>
    private static string? CommandFromHost(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("INPUT_COMMAND", out var c) && !string.IsNullOrWhiteSpace(c) ? c.Trim() : null;

#if LOCAL_CLUSTER
    private const string LocalClusterUsage = """
        Local cluster:
          demo           Run a whole gray release on the built-in local cluster (--scenario blue-green | istio-canary | manifests | replicas | progressive | gateway-api | nginx | lanes).
          sandbox        Run the local cluster until stopped (--port, --write-kubeconfig, --authorization rbac); `sandbox request` asks it who serves a request, `sandbox token` issues a ServiceAccount token;
                         `sandbox traffic` sends steady background traffic, counted in its /graylane/metrics.

        """;
#else
    private const string LocalClusterUsage = "";
#endif

    public static string Usage()
    {
        var steps = string.Join("\n", StepCatalog.All.Select(s => $"  {s.Name,-14} {s.Description}"));
        return $"""
            usage: graylane <command> [--flag value]...   (graylane <command> --help for its flags)

            Steps:
            {steps}

            Dev lanes:
              lane create    A developer's lane: only the named services, everything else from the baselines, reached by --match.
              lane delete    Remove a dev lane, its entry route and its Deployments.

            {LocalClusterUsage}
            """;
    }
}
