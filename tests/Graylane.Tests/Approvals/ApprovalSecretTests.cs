using Graylane.Engine.Steps;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>Tokens are marked secret for the hosts to mask, and the step itself never writes one anywhere.</summary>
public class ApprovalSecretTests
{
    [Fact]
    public void Every_token_input_is_secret()
    {
        var secret = WaitApprovalStep.Definition.Inputs.Where(i => i.Secret).Select(i => i.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "github-token", "azure-token", "prometheus-token" }, secret);
        // A kubeconfig input may be a path: the hosts mask the credentials inside kubeconfig content instead.
        Assert.DoesNotContain("kubeconfig", secret);
    }

    [Fact]
    public async Task Tokens_never_appear_in_logs_summary_outputs_record_or_the_request()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock, token: "ghs_TopSecretGitHubToken9f8e7d6c5b4a");
        const string promToken = "prom-TopSecretBearer-0123456789";
        await using var prom = await FakePrometheus.StartWithTokenAsync(s.Clock, promToken, "0.995", "0.2", "0.3", "0.4");
        gh.CommentReadFaults.Enqueue(FakeGitHub.SecondaryLimit(5));
        gh.Script("alice", "approve", TimeSpan.FromMinutes(1));
        s.Environment["GITHUB_TOKEN"] = gh.Token;   // from the runner's environment, not an input: the step masks it itself

        var (code, host) = await s.RunAsync("carol", ("provider", "github"), ("repository", "shop/web"), ("github-api-url", gh.ApiUrl.ToString()),
            ("approvers", "alice"), ("gate", "name=ok;query=up;min=0.9"), ("prometheus-url", prom.Url.ToString()), ("prometheus-token", promToken),
            ("interval", "1m"), ("analysis-duration", "2m"), ("failure-limit", "1"), ("on-reject", "rollback"));

        Assert.Equal(1, code);   // the gate rejected and rolled back: errors, warnings and rollback lines were all written
        Assert.Contains(gh.Requests, r => r.Header("Authorization") == "Bearer " + gh.Token);   // the tokens were really used
        Assert.NotEmpty(prom.Queries);
        var everything = string.Join("\n", host.Log, host.Summary, string.Join("\n", host.Outputs.Values), s.RecordJson(),
            string.Join("\n", gh.Issues.Select(i => i.Body + string.Join("\n", i.BotComments))));
        Assert.DoesNotContain(gh.Token, everything);
        Assert.DoesNotContain(promToken, everything);
        Assert.DoesNotContain("TopSecret", everything);
    }
}
