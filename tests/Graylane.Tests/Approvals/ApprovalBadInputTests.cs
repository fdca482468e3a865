using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>Bad wait-approval input: exit 2, a message naming the input, nothing asked and nothing written.</summary>
public class ApprovalBadInputTests
{
    public static TheoryData<string[], string> Cases => new()
    {
        { ["provider", "github"], "wait-approval needs --approvers (who may approve" },
        { ["provider", "none"], "wait-approval needs --approvers (who may approve" },
        { ["approvers", "alice,bob", "minimum-approvals", "3"], "--minimum-approvals 3 is more than the 2 approver(s) who could approve (alice, bob)" },
        { ["approvers", "alice,carol", "minimum-approvals", "2", "exclude-initiator", "true"], "the initiator carol is excluded" },
        { ["approvers", "alice", "minimum-approvals", "0"], "--minimum-approvals must be at least 1" },
        { ["approvers", "alice", "timeout", "soon"], "--timeout \"soon\" is not a duration" },
        { ["approvers", "alice", "poll-interval", "0"], "--poll-interval must be longer than 0" },
        { ["approvers", "alice", "on-timeout", "retry"], "--on-timeout \"retry\" is not valid: use fail or rollback" },
        { ["approvers", "not a/valid/team"], "is neither a GitHub user name nor a team" },
        { ["approvers", "alice", "approve-words", "ok", "deny-words", "ok"], "\"ok\" is both an approve word and a deny word" },
        { ["provider", "carrier-pigeon", "approvers", "alice"], "--provider \"carrier-pigeon\" is not a provider" },
        { ["provider", "none", "approvers", "alice"], "--approvers needs a place to ask them" },
        { ["provider", "azure-devops", "approvers", "[Shop]\\Release Approvers"], "looks like a group" },
        { ["gate", "name=ok;query=up;min=zero-point-nine", "prometheus-url", "http://127.0.0.1:9/"], "min=\"zero-point-nine\" is not a number" },
        { ["gate", "name=ok;query=up;min=0,99", "prometheus-url", "http://127.0.0.1:9/"], "min=\"0,99\" is not a number; write it with a dot" },
        { ["gate", "name=ok;query=up", "prometheus-url", "http://127.0.0.1:9/"], "needs a threshold" },
        { ["gate", "name=ok;query=up{v=\"$versoin\"};max=1", "prometheus-url", "http://127.0.0.1:9/"], "unknown variable $versoin" },
        { ["gate", "name=ok;query=up;min=1"], "--gate needs --prometheus-url" },
        { ["gate", "name=ok;query=up;min=1;lag=5", "prometheus-url", "http://127.0.0.1:9/"], "unknown part \"lag\"" },
        { ["gate", "name=ok;query=up;min=1", "prometheus-url", "http://127.0.0.1:9/", "analysis-duration", "7h"], "--analysis-duration 7h is not shorter than --timeout 6h" },
        { ["approvers", "alice", "mode", "async", "gate", "name=ok;query=up;min=1", "prometheus-url", "http://127.0.0.1:9/"], "--gate needs --mode sync" },
        { ["approvers", "alice", "repository", "no-slash"], "--repository \"no-slash\" is not owner/repo" },
        { ["approvers", "alice", "github-token", ""], "GitHub approvals need a token with issues: write" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_before_asking_anyone(string[] flat, string expected)
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);
        var inputs = new List<(string, string)> { ("provider", "github"), ("repository", "shop/web"), ("github-token", gh.Token), ("github-api-url", gh.ApiUrl.ToString()) };
        inputs.AddRange(Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[2 * i + 1])));
        var writes = await s.Cluster.WritesAsync();

        var (code, host) = await s.RunAsync("carol", [.. inputs]);

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(gh.Requests);
        Assert.Equal(writes, await s.Cluster.WritesAsync());
    }

    [Fact]
    public async Task Without_a_release_in_progress_there_is_nothing_to_approve()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var gh = await FakeGitHub.StartAsync(s.Clock);

        var (code, host) = await s.RunAsync("carol", [.. GitHubApprovalTests.GitHub(gh, ("approvers", "alice")), ("app", "other-app")]);

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("no release of other-app found for wait-approval"));
        Assert.Empty(gh.Requests);
    }
}
