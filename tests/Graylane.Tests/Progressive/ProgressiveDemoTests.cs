using System.Text.RegularExpressions;
using Graylane.Cli;

namespace Graylane.Tests.Progressive;

/// <summary>
/// `graylane demo --scenario progressive`: a good v2 walks 10 → 50 → 100 % with every step analysed by the gate
/// templates, which the local cluster's own Prometheus API answers (no Prometheus anywhere); then v3, made to answer 503
/// to 30% of its requests, is rolled back at its first step with the failed gate's value printed. Real time passes
/// (3 s a step, about half a minute in all); nothing is timed.
/// </summary>
public class ProgressiveDemoTests
{
    [Fact]
    public async Task The_progressive_demo_walks_a_good_release_and_rolls_back_a_bad_one_at_its_first_step()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", "progressive"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        var text = stdout.ToString();
        var all = text + "\n--- stderr ---\n" + stderr;
        Assert.True(code == 0, all);
        string Stage(string from, string to) => text[text.IndexOf(from, StringComparison.Ordinal)..text.IndexOf(to, StringComparison.Ordinal)];

        Assert.Matches(@"Prometheus API: http://127\.0\.0\.1:\d+/ ", text);
        var good = Stage("### 2.", "### 3.");
        Assert.Contains("--prometheus-url http://127.0.0.1:", good);
        Assert.Contains("step 1/3: 10% to v2", good);
        Assert.Contains("step 2/3: 50% to v2", good);
        Assert.Contains("step 3/3: 100% to v2", good);
        Assert.Contains("destination_version=\"v2\"", good); // the expanded query is printed
        Assert.Equal(3, Regex.Matches(good, "gate success-rate: pass 1 >= min 0.99").Count);
        Assert.Contains("Every step passed: v2 takes 100% of the traffic", good);
        Assert.Contains("200 100.0%  -> reviews(v2)", good);

        var bad = Stage("### 6.", "### 7.");
        Assert.Contains("step 1/3: 10% to v3", bad);
        Assert.DoesNotContain("step 2/3", bad);
        Assert.Matches(@"gate success-rate: FAIL 0\.\d+ < min 0\.99", bad);
        Assert.Contains("(exit code 1, as this step of the story means it to)", bad);
        Assert.Contains("200 100.0%  -> reviews(v2)", bad); // rolled back: v2 serves everything again
        Assert.Matches(@"Analysis failed at step 1/3 at 10%: gate success-rate: 0\.\d+ < min 0\.99\. The release of reviews v3 is rolled back to v2\.", stderr.ToString());
        Assert.Contains("RolledBack", text[text.IndexOf("### 7.", StringComparison.Ordinal)..]);
    }
}
