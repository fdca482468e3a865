using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;
using Graylane.Core.Validation;
using Graylane.Kubernetes;
using Graylane.LocalCluster;

namespace Graylane.Cli.LocalCluster;

/// <summary>
/// `graylane sandbox`: the local cluster as a standalone server for kubectl and the steps, until stopped.
/// `graylane sandbox request`: asks a running sandbox which versions serve a request, one path per request.
/// `graylane sandbox traffic`: steady background traffic (see <see cref="SandboxTrafficCommand"/>).
/// </summary>
public static partial class SandboxCommand
{
    [System.Text.RegularExpressions.GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*\\z")]
    private static partial System.Text.RegularExpressions.Regex EnvironmentName();

    private static readonly StepInput[] ServeInputs =
    [
        new("port", "Port on 127.0.0.1 (0 = any free port).", Default: "0"),
        new("metrics-port", "Port on 127.0.0.1 of the metrics exporter (GET /metrics for a Prometheus) and of the Prometheus API the gate templates can query (/api/v1/query); 0 = any free port.", Default: "0"),
        new("write-kubeconfig", "Write a kubeconfig for the sandbox to this file."),
        new("namespace", "Default namespace in the written kubeconfig.", Default: "default"),
        new("apply", "YAML file(s) to create at start.", Repeatable: true),
        new("pod-ready-delay", "How long new pods take to become ready.", Default: "1s"),
        new("remove-kubeconfig-on-exit", "Delete the --write-kubeconfig file when the sandbox stops (it is kept otherwise).", IsSwitch: true),
        new("authorization", "always-allow (every request with a valid token) or rbac (ServiceAccount tokens get what their Roles and ClusterRoles grant; the admin token everything).", Default: "always-allow"),
    ];

    private static readonly StepInput[] TokenInputs =
    [
        new("service-account", "The ServiceAccount, namespace/name (the namespace defaults to the kubeconfig's).", Required: true),
        new("kubeconfig", "Kubeconfig of the running sandbox (as written by --write-kubeconfig)."),
        new("context", "Kubeconfig context."),
        new("duration", "How long the token is valid (at least 10m).", Default: "1h"),
    ];

    private static readonly StepInput[] RequestInputs =
    [
        new("kubeconfig", "Kubeconfig of the running sandbox (as written by --write-kubeconfig)."),
        new("context", "Kubeconfig context."),
        new("namespace", "Namespace of the host."),
        new("host", "The Service (or gateway host) the request goes to.", Required: true),
        new("gateway", "Enter through this gateway (namespace/name) instead of the mesh: a Gateway API Gateway of that name (HTTPRoute precedence and weights), else an Istio gateway."),
        new("ingress", "Enter through the ingress-nginx controller serving this Ingress (name, or namespace/name): its class's Ingresses and their canaries decide."),
        new("header", "Request header name=value.", Repeatable: true),
        new("cookie", "Cookie name=value.", Repeatable: true),
        new("query", "Query parameter name=value.", Repeatable: true),
        new("path", "Request path.", Default: "/"),
        new("count", "Number of requests.", Default: "1"),
        new("show-env", "Print, per hop, this container environment variable as the serving pod sees it (through ConfigMap and Secret references; Secret values print as <secret>)."),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            if (args.Count > 0 && args[0] == "traffic") return await SandboxTrafficCommand.RunAsync(args.Skip(1).ToList(), env, stdout, ct);
            return args.Count > 0 && args[0] == "request" ? await RequestAsync(args.Skip(1).ToList(), env, stdout, ct)
                : args.Count > 0 && args[0] == "token" ? await TokenAsync(args.Skip(1).ToList(), env, stdout, ct)
                : await ServeAsync(args, stdout, ct);
        }
        catch (Exception ex) when (ex is InvalidInputException or InvalidInputException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return StepRunner.BadInput;
        }
        catch (KubeApiException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return StepRunner.Failed;
        }
    }

    private static async Task<int> ServeAsync(IReadOnlyList<string> args, TextWriter stdout, CancellationToken ct)
    {
        var cmd = CommandLineParser.Parse("sandbox", ServeInputs, args);
        if (cmd.HelpRequested) { stdout.Write(HelpText.Render("sandbox", "Run the local cluster until stopped.", ServeInputs)); return 0; }
        var port = Numbers.NonNegative("port", cmd.Get("port") ?? "0", 65535);
        var metricsPort = Numbers.NonNegative("metrics-port", cmd.Get("metrics-port") ?? "0", 65535);
        var ns = KubeNames.DnsLabel("namespace", cmd.Get("namespace") ?? "default");
        var delay = Durations.Parse("pod-ready-delay", cmd.Get("pod-ready-delay") ?? "1s");
        var files = (cmd.Get("apply") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var f in files)
            if (!File.Exists(f)) throw new InvalidInputException("apply", $"--apply file {f} does not exist");

        var kubeconfigPath = cmd.Get("write-kubeconfig");
        var removeKubeconfig = cmd.Get("remove-kubeconfig-on-exit") is "true";
        if (removeKubeconfig && kubeconfigPath is null)
            throw new InvalidInputException("remove-kubeconfig-on-exit", "--remove-kubeconfig-on-exit needs --write-kubeconfig <path> (without it no file is written)");

        var authorization = (cmd.Get("authorization") ?? "always-allow").ToLowerInvariant() switch
        {
            "always-allow" or "alwaysallow" => Graylane.LocalCluster.Authorization.AuthorizationMode.AlwaysAllow,
            "rbac" => Graylane.LocalCluster.Authorization.AuthorizationMode.Rbac,
            var other => throw new InvalidInputException("authorization", $"--authorization \"{KubeNames.Printable(other)}\" is not known; use always-allow or rbac"),
        };

        using var signals = new StopSignals(ct);
        ct = signals.Token;
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions { Port = port, MetricsPort = metricsPort, Authorization = authorization }, ct);
        cluster.Knobs.PodReadyDelay = delay;
        foreach (var f in files) await cluster.ApplyYamlAsync(await File.ReadAllTextAsync(f, ct), ns);
        stdout.WriteLine($"Local cluster listening on {cluster.Url}");
        stdout.WriteLine($"Metrics (Prometheus text format, scrape without a token): {cluster.MetricsUrl}");
        stdout.WriteLine($"Prometheus API: {cluster.PrometheusUrl}"); // --prometheus-url for the gate templates' queries, no Prometheus needed
        if (kubeconfigPath is { } path)
        {
            cluster.WriteKubeconfig(path, ns);
            stdout.WriteLine($"Kubeconfig written to {path}: kubectl --kubeconfig {path} get ns");
        }
        else
        {
            stdout.WriteLine(cluster.KubeconfigYaml(ns));
        }
        stdout.WriteLine("Press Ctrl+C (or send SIGTERM) to stop.");
        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { }
        stdout.WriteLine(signals.Received is { } signal ? $"Stopping on {signal}." : "Stopping.");
        if (removeKubeconfig && kubeconfigPath is not null)
        {
            File.Delete(kubeconfigPath);
            stdout.WriteLine($"Removed {kubeconfigPath}.");
        }
        return StepRunner.Ok;
    }

    /// <summary>`graylane sandbox token --service-account ns/name`: a TokenRequest through the admin kubeconfig, as `kubectl create token` does.</summary>
    private static async Task<int> TokenAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TextWriter stdout, CancellationToken ct)
    {
        var cmd = CommandLineParser.Parse("sandbox token", TokenInputs, args);
        if (cmd.HelpRequested) { stdout.Write(HelpText.Render("sandbox token", "Issue a token for a ServiceAccount of a running sandbox.", TokenInputs)); return 0; }
        var account = cmd.Get("service-account") ?? throw new InvalidInputException("service-account", "sandbox token needs --service-account <namespace/name>");
        var duration = Durations.Parse("duration", cmd.Get("duration") ?? "1h");
        if (duration < TimeSpan.FromMinutes(10))
            throw new InvalidInputException("duration", $"--duration {Durations.Format(duration)} is too short: a token lives at least 10m");
        using var kube = KubeConnection.Open(cmd.Get("kubeconfig"), cmd.Get("context"), null, env);
        var parts = account.Split('/');
        var (ns, name) = parts.Length == 2 ? (parts[0], parts[1]) : (kube.DefaultNamespace, parts[0]);
        KubeNames.DnsLabel("service-account", ns);
        KubeNames.DnsSubdomain("service-account", name);
        var answer = await kube.PostRawAsync($"/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject { ["expirationSeconds"] = (long)duration.TotalSeconds },
        }, ct);
        var token = (string?)answer["status"]?["token"] ?? throw new InvalidOperationException("the sandbox answered the TokenRequest without a token");
        stdout.WriteLine(token); // only the token, for `kubectl config set-credentials ci --token=$(graylane sandbox token …)`
        return StepRunner.Ok;
    }

    private static async Task<int> RequestAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TextWriter stdout, CancellationToken ct)
    {
        var cmd = CommandLineParser.Parse("sandbox request", RequestInputs, args);
        if (cmd.HelpRequested) { stdout.Write(HelpText.Render("sandbox request", "Ask a running sandbox which versions serve a request.", RequestInputs)); return 0; }
        var host = cmd.Get("host") ?? throw new InvalidInputException("host", "sandbox request needs --host <service>");
        var count = Numbers.NonNegative("count", cmd.Get("count") ?? "1", 10_000);
        using var kube = KubeConnection.Open(cmd.Get("kubeconfig"), cmd.Get("context"), cmd.Get("namespace"), env);
        var query = new List<(string, string)> { ("namespace", kube.DefaultNamespace), ("host", host), ("path", cmd.Get("path") ?? "/"), ("count", count.ToString(CultureInfo.InvariantCulture)) };
        if (cmd.Get("gateway") is { } gw) query.Add(("gateway", gw));
        if (cmd.Get("ingress") is { } ingress) query.Add(("ingress", ingress));
        if (cmd.Get("show-env") is { } variable)
        {
            if (!EnvironmentName().IsMatch(variable))
                throw new InvalidInputException("show-env", $"--show-env \"{KubeNames.Printable(variable)}\" is not an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit), e.g. --show-env GREETING");
            query.Add(("env", variable));
        }
        foreach (var kind in new[] { "header", "cookie", "query" })
            foreach (var pair in (cmd.Get(kind) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!pair.Contains('=')) throw new InvalidInputException(kind, $"--{kind} \"{KubeNames.Printable(pair)}\" must be name=value");
                query.Add((kind, pair));
            }
        var answer = await kube.GetRawAsync("/graylane/route?" + string.Join("&", query.Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}")), ct);
        foreach (var p in answer["paths"] as JsonArray ?? [])
            stdout.WriteLine((string?)p?["text"]);
        if (count > 1)
        {
            stdout.WriteLine();
            stdout.Write((string?)answer["tally"]);
        }
        return StepRunner.Ok;
    }
}
