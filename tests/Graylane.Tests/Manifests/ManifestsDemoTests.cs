using Graylane.Cli;

namespace Graylane.Tests.Manifests;

/// <summary>`graylane demo --scenario manifests`: an env and a ConfigMap change released, promoted in place, rolled back after promote.</summary>
public class ManifestsDemoTests
{
    [Fact]
    public async Task The_demo_shows_old_config_then_new_config_under_the_stable_name_then_old_config_again()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync(["demo", "--scenario", "manifests"], new Dictionary<string, string>(), stdout, stderr, CancellationToken.None);
        var text = stdout.ToString();
        Assert.True(code == 0, text + stderr);
        string After(string step) => text[text.IndexOf($"### {step}", StringComparison.Ordinal)..];

        // The command lines name the manifests where the demo wrote them, not a placeholder.
        Assert.DoesNotContain("{dir}", text);
        var manifests = System.Text.RegularExpressions.Regex.Match(text, @"\$ graylane deploy-gray --manifests (\S+) ");
        Assert.True(manifests.Success, text);
        Assert.Contains("graylane-demo-", manifests.Groups[1].Value);
        Assert.EndsWith("web.yaml", manifests.Groups[1].Value);
        Assert.Contains("Before the release, 20 sample requests to web:\n   20 100.0%  -> web(web) GREETING=hello-v1", text);
        Assert.Contains("+ spec.template.spec.containers[web].env[LOG_LEVEL]", After("1."));
        Assert.Contains("the gray reads the copy web-config-v2, the baseline keeps reading web-config", After("1."));
        Assert.Contains("After the step, 20 sample requests to web:\n   20 100.0%  -> web(web) GREETING=hello-v1", After("1."));
        Assert.Contains("After the step, 20 sample requests to web:\n   20 100.0%  -> web(v2) GREETING=hello-v2", After("2."));
        Assert.Contains("Deployment web runs it under its own name", After("3."));
        Assert.Contains("After the step, 20 sample requests to web:\n   20 100.0%  -> web(web) GREETING=hello-v2", After("3."));
        Assert.Contains("Nothing to release", After("4."));
        Assert.Contains("All traffic on web-rollback (the previous version)", After("5."));
        Assert.Contains("After the step, 20 sample requests to web:\n   20 100.0%  -> web(web) GREETING=hello-v1", After("5."));
        Assert.Contains("Workloads: web: baseline web, gray web-v2", After("6."));
        Assert.DoesNotContain("warning", After("6."));
    }
}
