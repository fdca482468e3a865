using System.Text.Json.Nodes;
using Graylane.Tests.Approvals.Support;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The approval examples end to end on the local runner: people answer through the fake GitHub's issues (async request,
/// then an issue_comment run that resumes), the environment's reviewers through the runner, and the metric gates ask a
/// fake Prometheus. A skip-ahead clock stands in for the minutes the gates and the scale-down delay wait.
/// </summary>
public class ApprovalExampleTests
{
    private const string GitHubToken = "ghs_ApprovalExampleToken0123456789";
    private const string PrometheusToken = "prom-ApprovalExample-0123456789";

    // ---- approval-environment.yml: metric gates in the gray job, people at the production environment ----

    private static async Task<(WorkflowRun Run, List<string> Queries, Dictionary<string, int>? AtReview)> EnvironmentRunAsync(
        ExampleCluster cluster, string successRate, bool approve)
    {
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var clock = SkipAheadClock.StartingAt2026();
        await using var prometheus = await FakePrometheus.StartWithTokenAsync(clock, PrometheusToken);
        prometheus.Answer = query => query.Contains("histogram_quantile", StringComparison.Ordinal) ? "0.21" : successRate;
        Dictionary<string, int>? atReview = null;
        var settings = new WorkflowRunSettings
        {
            Kubeconfig = cluster.Kubeconfig,
            Inputs = { ["image"] = "nginx:1.27" },
            Vars = { ["PROMETHEUS_URL"] = prometheus.Url.ToString() },
            Secrets = { ["PROMETHEUS_TOKEN"] = PrometheusToken },
            Clock = clock,
            ReviewEnvironment = (_, _) => { atReview = cluster.Served("nginx-service"); return approve; },
        };
        settings.GitHub["token"] = github.Token;
        settings.GitHub["api_url"] = github.ApiUrl.ToString().TrimEnd('/');
        var run = await GitHubExampleRun.RunAsync("approval-environment.yml", settings);
        Assert.DoesNotContain(PrometheusToken, run.Log.Replace("::add-mask::" + PrometheusToken, ""));
        return (run, prometheus.Queries, atReview);
    }

    [Fact]
    public async Task Environment_approval_after_passing_gates_promotes()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");

        var (run, queries, atReview) = await EnvironmentRunAsync(cluster, successRate: "0.998", approve: true);

        Assert.True(run.Result("promote") == "success", run.Log);
        Assert.Equal("skipped", run.Result("rollback"));
        // Both gates ran for the whole analysis (10m every 1m), with the release's namespace and version in the query.
        Assert.Contains(queries, q => q.Contains("http_requests_total{namespace=\"shop\",version=\"", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("histogram_quantile", StringComparison.Ordinal));
        Assert.InRange(queries.Count, 20, 24);
        var gray = run.Job("gray").Step("gray").Outputs["version"];
        Assert.Equal(new Dictionary<string, int> { [gray] = 40 }, atReview);   // the reviewers saw the gray version serving
        Assert.Equal(gray, cluster.Selector("nginx-service"));
        Assert.Equal(0, cluster.Replicas("nginx"));   // scaled down after the 10m delay
    }

    [Fact]
    public async Task Environment_example_with_a_failing_gate_rolls_back_and_never_asks_the_reviewers()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");

        var (run, _, atReview) = await EnvironmentRunAsync(cluster, successRate: "0.9", approve: true);

        Assert.Equal("failure", run.Result("gray"));
        Assert.Equal("skipped", run.Result("promote"));
        Assert.Null(atReview);
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(2, cluster.Replicas("nginx"));
        Assert.Equal(["nginx"], cluster.Fixture.Server.List("apps/v1", "Deployment", ExampleCluster.Shop).Select(d => (string?)d["metadata"]!["name"]));
    }

    [Fact]
    public async Task Environment_reviewers_rejecting_promote_runs_the_rollback_job()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");

        var (run, _, atReview) = await EnvironmentRunAsync(cluster, successRate: "0.998", approve: false);

        Assert.Equal("success", run.Result("gray"));
        Assert.NotNull(atReview);
        Assert.Equal("failure", run.Result("promote"));
        Assert.True(run.Result("rollback") == "success", run.Log);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(2, cluster.Replicas("nginx"));
    }

    // ---- approval-async-request.yml, then approval-async-resume.yml on each comment ----

    private static WorkflowRunSettings AsyncSettings(ExampleCluster cluster, ReviewerGitHub github, SkipAheadClock clock, string eventName, JsonObject? payload = null)
    {
        var settings = GitHubExampleRun.Settings(cluster, github, new() { ["image"] = "nginx:1.27" });
        settings.GitHub["event_name"] = eventName;
        return new WorkflowRunSettings
        {
            Kubeconfig = settings.Kubeconfig,
            Inputs = settings.Inputs,
            GitHub = settings.GitHub,
            Event = payload ?? new JsonObject(),
            Clock = clock,
        };
    }

    /// <summary>The issue_comment payload GitHub sends: the issue (number, body, labels; pull_request only on PRs) and the comment.</summary>
    private static JsonObject CommentEvent(FakeIssue issue, string commenter, bool onPullRequest = false)
    {
        var payload = new JsonObject
        {
            ["action"] = "created",
            ["issue"] = new JsonObject
            {
                ["number"] = issue.Number,
                ["body"] = issue.Body,
                ["labels"] = new JsonArray(issue.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()),
            },
            ["comment"] = new JsonObject { ["user"] = new JsonObject { ["login"] = commenter } },
        };
        if (onPullRequest) payload["issue"]!["pull_request"] = new JsonObject { ["url"] = "https://api.github.com/repos/shop/web/pulls/1" };
        return payload;
    }

    [Fact]
    public async Task Async_approval_asks_and_ends_then_each_comment_resumes_until_two_approvers_promote()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var clock = SkipAheadClock.StartingAt2026();

        var request = await GitHubExampleRun.RunAsync("approval-async-request.yml", AsyncSettings(cluster, github, clock, "workflow_dispatch"));

        Assert.True(request.Result("gray") == "success", request.Log);
        var approval = request.Job("gray").Step("approval");
        Assert.Equal("pending", approval.Outputs["decision"]);
        var issue = Assert.Single(github.Issues);
        Assert.Equal("open", issue.State);
        Assert.Contains("graylane-approval", issue.Labels);
        // The run: step wrote the request's link into the job summary.
        Assert.Contains($"Waiting for approval in {approval.Outputs["request-url"]}", request.Job("gray").Steps[2].Summary);
        Assert.Equal("https://github.com/shop/web/issues/1", approval.Outputs["request-url"]);
        Assert.Equal("v1", cluster.Selector("nginx-service"));   // gray deployed, no traffic yet

        // The initiator's own approval does not count; alice's is one of the two needed.
        github.Comment(1, "octocat", "approve");
        github.Comment(1, "alice", "approve");
        var first = await GitHubExampleRun.RunAsync("approval-async-resume.yml", AsyncSettings(cluster, github, clock, "issue_comment", CommentEvent(issue, "alice")));
        Assert.True(first.Result("resume") == "success", first.Log);
        Assert.Equal("shop", first.Job("resume").Outputs["namespace"]);           // read from the issue's marker by the run: step
        Assert.Equal("nginx-service", first.Job("resume").Outputs["app"]);
        Assert.Equal("pending", first.Job("resume").Outputs["decision"]);
        Assert.Equal("skipped", first.Result("promote"));

        github.Comment(1, "bob", "LGTM");
        var second = await GitHubExampleRun.RunAsync("approval-async-resume.yml", AsyncSettings(cluster, github, clock, "issue_comment", CommentEvent(issue, "bob")));

        Assert.Equal("approved", second.Job("resume").Outputs["decision"]);
        Assert.True(second.Result("promote") == "success", second.Log);
        Assert.Equal("closed", github.Issues[0].State);
        var gray = request.Job("gray").Step("gray").Outputs["version"];
        Assert.Equal(gray, cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { [gray] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal(0, cluster.Replicas("nginx"));
    }

    [Fact]
    public async Task Async_resume_ignores_pull_request_comments_and_the_schedule_finds_the_pending_request()
    {
        await using var cluster = await ExampleCluster.StartAsync(ExampleSeeds.Nginx, "nginx");
        await using var github = await ReviewerGitHub.StartAsync(GitHubToken);
        var clock = SkipAheadClock.StartingAt2026();
        var request = await GitHubExampleRun.RunAsync("approval-async-request.yml", AsyncSettings(cluster, github, clock, "workflow_dispatch"));
        Assert.True(request.Result("gray") == "success", request.Log);
        var issue = Assert.Single(github.Issues);

        var onPr = await GitHubExampleRun.RunAsync("approval-async-resume.yml",
            AsyncSettings(cluster, github, clock, "issue_comment", CommentEvent(issue, "alice", onPullRequest: true)));
        Assert.Equal("skipped", onPr.Result("resume"));
        Assert.Equal("skipped", onPr.Result("promote"));

        github.Comment(1, "alice", "approve");
        github.Comment(1, "bob", "deny: error rate doubled");
        var scheduled = await GitHubExampleRun.RunAsync("approval-async-resume.yml", AsyncSettings(cluster, github, clock, "schedule"));

        // The denial fails the resume job (the run shows red), after on-reject: rollback did its work.
        Assert.Equal("failure", scheduled.Result("resume"));
        Assert.Equal("rejected", scheduled.Job("resume").Outputs["decision"]);
        Assert.Equal("nginx-service", scheduled.Job("resume").Outputs["app"]);   // the scheduled run's own release
        Assert.Equal("skipped", scheduled.Result("promote"));
        // on-reject: rollback — the gray version is gone and v1 serves alone.
        Assert.Equal("v1", cluster.Selector("nginx-service"));
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 40 }, cluster.Served("nginx-service"));
        Assert.Equal("closed", github.Issues[0].State);
    }
}
