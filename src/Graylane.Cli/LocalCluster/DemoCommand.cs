using Graylane.Core.Json;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Graylane.Kubernetes;
using Graylane.LocalCluster;
using Graylane.LocalCluster.Routing;

namespace Graylane.Cli.LocalCluster;

/// <summary>
/// `graylane demo`: a whole gray release on the built-in local cluster — scenario S4, the Service blue-green
/// of seed 003 — showing after each step which version serves 20 sample requests.
/// Every step runs exactly as a user would run it: `graylane &lt;step&gt; --flags` through the CLI host.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var name = args.SkipWhile(a => a != "--scenario").Skip(1).FirstOrDefault() ?? "blue-green";
        var scenario = DemoScenarios.All.FirstOrDefault(s => s.Name == name);
        if (scenario is null)
        {
            stderr.WriteLine($"error: --scenario \"{name}\" is not known; scenarios: {string.Join(", ", DemoScenarios.All.Select(s => s.Name))}");
            return StepRunner.BadInput;
        }
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), ct);
        cluster.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(300);
        var dir = Directory.CreateTempSubdirectory("graylane-demo-");
        var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
        cluster.WriteKubeconfig(kubeconfig, scenario.Namespace);
        try
        {
            stdout.WriteLine($"Local cluster at {cluster.SecureUrl} (kubeconfig {kubeconfig})");
            stdout.WriteLine(scenario.Title);
            foreach (var (file, content) in scenario.Files ?? new Dictionary<string, string>())
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, file), content, ct);
            await cluster.ApplyYamlAsync(scenario.Yaml, scenario.Namespace);
            await WaitReadyAsync(cluster, scenario.Namespace, scenario.Baseline, ct);
            Sample(cluster, stdout, scenario, "Before the release", null);
            if (scenario.TrafficRps is { } rps)
            {
                // Bounded as `sandbox traffic` is; it stops with the cluster at the end of the demo.
                cluster.Traffic.Start(new RouteRequest(scenario.Namespace, scenario.Service, new Dictionary<string, string>(), new Dictionary<string, string>(),
                    new Dictionary<string, string>(), "/", scenario.Gateway) { Ingress = scenario.Ingress }, rps, TimeSpan.FromMinutes(10));
                stdout.WriteLine($"Background traffic: {rps} requests/s to {scenario.Service} (as `graylane sandbox traffic --host {scenario.Service} --rps {rps}` sends), counted on {cluster.MetricsUrl}");
                stdout.WriteLine($"Prometheus API: {cluster.PrometheusUrl} (the local cluster's own, answering the gate templates' queries)");
            }

            // Steps run exactly as a user runs them; the user's own environment (USER, HOME…) is kept, the cluster is the demo's.
            var env = new Dictionary<string, string>(environment) { ["KUBECONFIG"] = kubeconfig };
            foreach (var key in env.Keys.Where(k => k is "GITHUB_ACTIONS" or "TF_BUILD").ToList()) env.Remove(key);
            foreach (var step in scenario.Steps)
            {
                stdout.WriteLine();
                stdout.WriteLine($"### {step.Title}");
                // The command as it runs (the demo directory's real path, the local Prometheus), so it can be copied and run again.
                var stepArgs = step.Args.Select(a => a.Replace("{dir}", dir.FullName, StringComparison.Ordinal)
                    .Replace(DemoStep.PrometheusUrl, cluster.PrometheusUrl.ToString(), StringComparison.Ordinal)).ToArray();
                stdout.WriteLine($"$ {(step.Annotate is null ? "graylane" : "kubectl")} {string.Join(' ', stepArgs.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}");
                var code = step.Annotate is { } annotation
                    ? await AnnotateAsync(env, scenario.Namespace, annotation, stdout, ct)
                    : await CommandDispatcher.RunAsync(stepArgs, env, stdout, stderr, ct);
                if (code != step.ExpectedExit)
                {
                    stderr.WriteLine($"demo: step failed with exit code {code}");
                    return code == 0 ? StepRunner.Failed : code;
                }
                if (code != 0) stdout.WriteLine($"(exit code {code}, as this step of the story means it to)");
                Sample(cluster, stdout, scenario, "After the step", null);
                if (step.SampleHeaders is { } headers) Sample(cluster, stdout, scenario, "With " + string.Join(", ", headers.Select(h => $"{h.Key}: {h.Value}")), headers);
            }
            stdout.WriteLine();
            stdout.WriteLine($"Demo finished in {clock.Elapsed.TotalSeconds:0.0}s. Other scenarios: {string.Join(", ", DemoScenarios.All.Select(s => s.Name))}. " +
                "Try it yourself: graylane sandbox --write-kubeconfig ./kubeconfig");
            return StepRunner.Ok;
        }
        finally
        {
            try { dir.Delete(true); } catch (IOException) { }
        }
    }

    /// <summary>`kubectl annotate pod -l selector key=value`, through the API as kubectl does it (a merge patch per pod).</summary>
    private static async Task<int> AnnotateAsync(IReadOnlyDictionary<string, string> env, string ns, DemoAnnotation a, TextWriter stdout, CancellationToken ct)
    {
        using var kube = KubeConnection.Open(null, null, ns, env);
        foreach (var pod in await kube.ListItemsAsync(KubeResource.Pods, ns, a.Selector, null, ct))
        {
            var name = (string?)pod["metadata"]?["name"] ?? "";
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [a.Key] = a.Value } } };
            await kube.PatchAsync(KubeResource.Pods, ns, name, PatchKind.Merge, patch.ToJsonString(), ct);
            stdout.WriteLine($"pod/{name} annotated");
        }
        return StepRunner.Ok;
    }

    private static void Sample(LocalClusterServer cluster, TextWriter stdout, DemoScenario scenario, string when, IReadOnlyDictionary<string, string>? headers)
    {
        var gateway = headers is not null && scenario.DevGateway is not null ? scenario.DevGateway : scenario.Gateway;
        var count = headers is not null && scenario.DevGateway is not null ? 1 : scenario.Samples;
        var paths = cluster.Router.RouteMany(new RouteRequest(scenario.Namespace, scenario.Service,
            headers ?? new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), "/", gateway) { Ingress = scenario.Ingress }, count);
        var entry = gateway is not null ? $" at gateway {gateway}" : scenario.Ingress is not null ? $" through Ingress {scenario.Ingress}" : "";
        stdout.WriteLine($"{when}, {count} sample request{(count == 1 ? "" : "s")} to {scenario.Service}{entry}:");
        var tally = scenario.ShowEnv is { } variable
            ? RequestRouter.TallyTexts(paths.Select(p => string.Join(" ", p.Hops.Select(h => $"-> {h}{(h.Pod is null ? "" : " " + cluster.ShowEnvironment(scenario.Namespace, h.Pod, variable))}"))
                                                        + (p.Error is null ? "" : " " + p.Error)))
            : RequestRouter.Tally(paths);
        stdout.Write(tally.EndsWith('\n') ? tally : tally + "\n");
    }

    private static async Task WaitReadyAsync(LocalClusterServer cluster, string ns, string name, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            // Every Deployment of the demo app, not only the baseline: a lane story has one per service.
            var all = cluster.List("apps/v1", "Deployment", ns);
            var d = cluster.Get("apps/v1", "Deployment", ns, name);
            if (d is not null && all.All(x => Obj.Int(x["status"]?["readyReplicas"]) == Obj.Int(x["spec"]?["replicas"]))) return;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"demo Deployment {name} did not become ready");
    }
}
