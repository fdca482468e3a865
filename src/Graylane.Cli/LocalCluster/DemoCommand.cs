using Graylane.Core.Json;
using System.Diagnostics;
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
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var scenario = args.SkipWhile(a => a != "--scenario").Skip(1).FirstOrDefault() ?? "blue-green";
        if (scenario != "blue-green")
        {
            stderr.WriteLine($"error: --scenario \"{scenario}\" is not known; scenarios: blue-green");
            return StepRunner.BadInput;
        }
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), ct);
        cluster.Knobs.PodReadyDelay = TimeSpan.FromMilliseconds(300);
        var dir = Directory.CreateTempSubdirectory("graylane-demo-");
        var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
        cluster.WriteKubeconfig(kubeconfig, DemoApp.Namespace);
        try
        {
            stdout.WriteLine($"Local cluster at {cluster.Url} (kubeconfig {kubeconfig})");
            stdout.WriteLine("Scenario S4: Service blue-green with the seed-003 nginx app (Service nginx-service -> Deployment nginx, version v1)");
            await cluster.ApplyYamlAsync(DemoApp.Yaml, DemoApp.Namespace);
            await WaitReadyAsync(cluster, "nginx", ct);
            Sample(cluster, stdout, "Before the release");

            var steps = new (string Title, string[] Args)[]
            {
                ("1. deploy-gray: start v2 next to v1, no traffic", ["deploy-gray", "--service", DemoApp.Service, "--image", "nginx:1.27", "--version", "v2", "--timeout", "60s"]),
                ("2. shift-traffic: all traffic to v2 (the Service selector switches at once)", ["shift-traffic", "--app", DemoApp.Service, "--weight", "100"]),
                ("3. promote: v2 becomes the baseline, v1 is scaled to 0", ["promote", "--app", DemoApp.Service]),
                ("4. deploy-gray: a second release, v3", ["deploy-gray", "--service", DemoApp.Service, "--image", "nginx:1.28", "--version", "v3", "--timeout", "60s"]),
                ("5. shift-traffic: all traffic to v3", ["shift-traffic", "--app", DemoApp.Service, "--weight", "100"]),
                ("6. promote: v3 becomes the baseline", ["promote", "--app", DemoApp.Service]),
                ("7. rollback after promote: v2 comes back exactly as it was", ["rollback", "--app", DemoApp.Service, "--reason", "v3 failed its smoke test"]),
                ("8. status", ["status", "--app", DemoApp.Service]),
            };
            var env = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig };
            foreach (var (title, stepArgs) in steps)
            {
                stdout.WriteLine();
                stdout.WriteLine($"### {title}");
                stdout.WriteLine($"$ graylane {string.Join(' ', stepArgs)}");
                var code = await CommandDispatcher.RunAsync(stepArgs, env, stdout, stderr, ct);
                if (code != 0)
                {
                    stderr.WriteLine($"demo: step failed with exit code {code}");
                    return code;
                }
                Sample(cluster, stdout, "After the step");
            }
            stdout.WriteLine();
            stdout.WriteLine($"Demo finished in {clock.Elapsed.TotalSeconds:0.0}s. Try it yourself: graylane sandbox --write-kubeconfig ./kubeconfig");
            return StepRunner.Ok;
        }
        finally
        {
            try { dir.Delete(true); } catch (IOException) { }
        }
    }

    private static void Sample(LocalClusterServer cluster, TextWriter stdout, string when)
    {
        var paths = cluster.Router.RouteMany(new RouteRequest(DemoApp.Namespace, DemoApp.Service,
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>()), 20);
        stdout.WriteLine($"{when}, 20 sample requests to {DemoApp.Service}:");
        stdout.Write(RequestRouter.Tally(paths));
        if (!RequestRouter.Tally(paths).EndsWith('\n')) stdout.WriteLine();
    }

    private static async Task WaitReadyAsync(LocalClusterServer cluster, string name, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            var d = cluster.Get("apps/v1", "Deployment", DemoApp.Namespace, name);
            if (d is not null && Obj.Int(d["status"]?["readyReplicas"]) == Obj.Int(d["spec"]?["replicas"])) return;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"demo Deployment {name} did not become ready");
    }
}
