using Graylane.Cli;
using Graylane.Cli.Hosts;
using Graylane.Engine.Steps;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Progressive;

/// <summary>
/// The job summary of shift-traffic --steps under Azure Pipelines: the same Markdown as GitHub's step summary (progress
/// table, Mermaid charts of the weight and of each gate's value per step with its thresholds), written to a file in the
/// agent's temp directory and uploaded with ##vso[task.uploadsummary], as the agent renders it.
/// </summary>
public class ProgressiveSummaryTests
{
    [Fact]
    public async Task Azure_pipelines_gets_the_progress_table_and_mermaid_charts_through_uploadsummary()
    {
        await using var s = await ProgressiveScenario.StartAsync();
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartAsync(clock);
        prometheus.Answer = query => query.StartsWith("histogram_quantile", StringComparison.Ordinal) ? "120" : "0.998";
        using var temp = new Graylane.Tests.Hosts.TempDirectory();
        var env = new Dictionary<string, string>
        {
            ["TF_BUILD"] = "True", ["AGENT_TEMPDIRECTORY"] = temp.Path,
            ["INPUT_KUBECONFIG"] = s.Cluster.Kubeconfig, ["INPUT_APP"] = ProgressiveScenario.App, ["INPUT_LOCKWAIT"] = "0s",
            ["INPUT_STEPS"] = "10,50,100", ["INPUT_STEPINTERVAL"] = "1m",
            ["INPUT_GATE"] = "success-rate:min=0.99\nlatency-p99:max=500ms", ["INPUT_PROMETHEUSURL"] = prometheus.Url.ToString(),
        };
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var host = (AzurePipelinesHost)HostFactory.Create("shift-traffic", ShiftTrafficStep.Definition.Inputs, [], env, stdout, stderr);

        var code = await StepRunner.RunAsync(ShiftTrafficStep.Definition, host, env, clock);
        host.Complete(code == StepRunner.Ok, "shift-traffic");

        Assert.True(code == 0, stdout + "\n" + stderr);
        var upload = Assert.Single(stdout.ToString().Split('\n'), l => l.StartsWith("##vso[task.uploadsummary]", StringComparison.Ordinal));
        var summary = await File.ReadAllTextAsync(upload["##vso[task.uploadsummary]".Length..].TrimEnd('\r'));
        Assert.Contains("#### Progress: every step passed (10% → 50% → 100%)", summary);
        Assert.Contains("| Step | Weight | Traffic moved | Pods | success-rate (min 0.99) | latency-p99 (max 500) | Result |", summary);
        Assert.Contains("| 3 | 100% | 2026-", summary);
        Assert.Contains("| healthy | 0.998 | 120 | pass |", summary);
        Assert.Contains("```mermaid\nxychart-beta\n    title \"Gray traffic per step (%)\"", summary.ReplaceLineEndings("\n"));
        Assert.Contains("bar [10, 50, 100]", summary);
        Assert.Contains("line [0.998, 0.998, 0.998]", summary); // the gate's value per step
        Assert.Contains("line [0.99, 0.99, 0.99]", summary);    // its threshold
        Assert.Contains("line [120, 120, 120]", summary);
        Assert.Contains("line [500, 500, 500]", summary);
    }
}
