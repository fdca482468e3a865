using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Cli.LocalCluster;

/// <summary>
/// `graylane sandbox traffic`: starts bounded background traffic in a running sandbox (returns at once; the sandbox sends
/// the requests, counted in its /graylane/metrics, until --duration ends), `--stop` ends it early, `--status` shows what was sent.
/// </summary>
public static class SandboxTrafficCommand
{
    /// <summary>The limits the sandbox enforces (see TrafficGenerator), repeated here so bad input is refused before any request.</summary>
    private const int MaxRps = 1000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    private static readonly StepInput[] Inputs =
    [
        new("kubeconfig", "Kubeconfig of the running sandbox (as written by --write-kubeconfig)."),
        new("context", "Kubeconfig context."),
        new("namespace", "Namespace of the host."),
        new("host", "The Service (or gateway host) the requests go to (required unless --stop or --status)."),
        new("gateway", "Enter through this gateway (namespace/name) instead of the mesh: a Gateway API Gateway of that name, else an Istio gateway."),
        new("ingress", "Enter through the ingress-nginx controller serving this Ingress (name, or namespace/name)."),
        new("header", "Request header name=value.", Repeatable: true),
        new("cookie", "Cookie name=value.", Repeatable: true),
        new("query", "Query parameter name=value.", Repeatable: true),
        new("path", "Request path.", Default: "/"),
        new("rps", $"Requests per second (1 to {MaxRps}).", Default: "10"),
        new("duration", "How long the traffic runs (at most 1h).", Default: "2m"),
        new("stop", "Stop the sandbox's running traffic instead of starting more.", IsSwitch: true),
        new("status", "List the sandbox's traffic runs and what each has sent.", IsSwitch: true),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TextWriter stdout, CancellationToken ct)
    {
        var cmd = CommandLineParser.Parse("sandbox traffic", Inputs, args);
        if (cmd.HelpRequested)
        {
            stdout.Write(HelpText.Render("sandbox traffic", "Send steady background traffic through a running sandbox (counted in its /graylane/metrics).", Inputs));
            return 0;
        }
        var stop = cmd.Get("stop") is "true";
        var status = cmd.Get("status") is "true";
        if (stop && status) throw new InvalidInputException("stop", "--stop and --status are two different requests; give one");
        if (stop || status)
        {
            using var api = KubeConnection.Open(cmd.Get("kubeconfig"), cmd.Get("context"), cmd.Get("namespace"), env);
            var answer = await api.SendRawAsync(stop ? HttpMethod.Delete : HttpMethod.Get, "/graylane/traffic", ct);
            var runs = answer[stop ? "stopped" : "runs"] as JsonArray ?? [];
            if (runs.Count == 0) stdout.WriteLine(stop ? "No traffic was running." : "No traffic has run.");
            foreach (var r in runs) stdout.WriteLine(Describe(r!, stop ? "stopped" : null));
            return StepRunner.Ok;
        }

        var host = cmd.Get("host") ?? throw new InvalidInputException("host", "sandbox traffic needs --host <service> (or --stop, --status)");
        var rps = Numbers.NonNegative("rps", cmd.Get("rps") ?? "10", MaxRps);
        if (rps == 0) throw new InvalidInputException("rps", $"--rps 0 would send nothing; give 1 to {MaxRps} requests per second");
        var duration = Durations.Parse("duration", cmd.Get("duration") ?? "2m");
        if (duration < TimeSpan.FromSeconds(1) || duration > MaxDuration)
            throw new InvalidInputException("duration", $"--duration {Durations.Format(duration)} is out of range: give 1s to 1h (the traffic is bounded so a forgotten run ends)");
        var query = new List<(string, string)>
        {
            ("host", host), ("path", cmd.Get("path") ?? "/"), ("rps", rps.ToString(CultureInfo.InvariantCulture)),
            ("duration", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
        };
        if (cmd.Get("gateway") is { } gw) query.Add(("gateway", gw));
        if (cmd.Get("ingress") is { } ingress) query.Add(("ingress", ingress));
        foreach (var kind in new[] { "header", "cookie", "query" })
            foreach (var pair in (cmd.Get(kind) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!pair.Contains('=')) throw new InvalidInputException(kind, $"--{kind} \"{KubeNames.Printable(pair)}\" must be name=value");
                query.Add((kind, pair));
            }
        using var kube = KubeConnection.Open(cmd.Get("kubeconfig"), cmd.Get("context"), cmd.Get("namespace"), env);
        query.Insert(0, ("namespace", kube.DefaultNamespace));
        var run = await kube.SendRawAsync(HttpMethod.Post, "/graylane/traffic?" + string.Join("&", query.Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}")), ct);
        stdout.WriteLine(Describe(run, "started"));
        stdout.WriteLine("Stop it early with: graylane sandbox traffic --stop");
        return StepRunner.Ok;
    }

    /// <summary>"traffic 1 started: 50 requests/s to reviews in default until 2026-12-01T18:42:00Z (sent 0, 5xx 0)".</summary>
    private static string Describe(JsonNode r, string? verb)
    {
        var state = verb ?? ((bool?)r["running"] == true ? "running" : "ended");
        var via = (string?)r["gateway"] is { } g ? $" through {g}" : (string?)r["ingress"] is { } i ? $" through ingress {i}" : "";
        var error = (string?)r["error"] is { } e ? $"; ended early: {e}" : "";
        return $"traffic {(int?)r["id"]} {state}: {(double?)r["rps"]} requests/s to {(string?)r["host"]} in {(string?)r["namespace"]}{via} " +
               $"until {(string?)r["until"]} (sent {(long?)r["sent"]}, 5xx {(long?)r["failed"]}){error}";
    }
}
