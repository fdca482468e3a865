using Graylane.Cli;

namespace Graylane.Tests.Routing.Replicas;

/// <summary>`graylane demo --scenario replicas`: a canary by pod counts, with the rounding printed, promote and rollback after it.</summary>
public class ReplicasDemoTests
{
    [Fact]
    public async Task The_demo_splits_by_ready_pods_prints_the_rounding_and_ends_where_it_started()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", "replicas"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        string After(string step) => text[text.IndexOf($"### {step}", StringComparison.Ordinal)..];
        string Sampled(string step) => After(step)[After(step).IndexOf("After the step", StringComparison.Ordinal)..];

        Assert.Matches(@"Before the release, 100 sample requests to web:\n\s+100 100\.0%  -> web\(v1\)", text);
        Assert.Contains("paused for the release", After("1."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+100 100\.0%  -> web\(v1\)", Sampled("1."));
        Assert.Contains("20% asked: 1 of 5 pods, 20%", After("2."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+80  80\.0%  -> web\(v1\)\n\s+20  20\.0%  -> web\(v2\)", Sampled("2."));
        Assert.Contains("50% asked: 2 of 5 pods, 40%", After("3."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+60  60\.0%  -> web\(v1\)\n\s+40  40\.0%  -> web\(v2\)", Sampled("3."));
        Assert.Contains("10% asked: 1 of 10 pods, 10%", After("4."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+90  90\.0%  -> web\(v1\)\n\s+10  10\.0%  -> web\(v2\)", Sampled("4."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+100 100\.0%  -> web\(v2\)", Sampled("5."));
        Assert.Contains("scaling resumed", After("5."));
        Assert.Matches(@"^After the step, 100 sample requests to web:\n\s+100 100\.0%  -> web\(v1\)", Sampled("6."));
        Assert.Contains("Workloads: web: baseline web, gray web-v2", After("7."));
    }
}
