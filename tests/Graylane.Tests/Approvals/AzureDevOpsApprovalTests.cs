using Graylane.Core.Model;
using Graylane.Tests.Approvals.Support;

namespace Graylane.Tests.Approvals;

/// <summary>wait-approval by Azure DevOps work item against a fake work item REST API, configured from the pipeline's variables.</summary>
public class AzureDevOpsApprovalTests
{
    private static void PipelineVariables(ApprovalScenario s, FakeAzureDevOps ado)
    {
        s.Environment["SYSTEM_COLLECTIONURI"] = ado.CollectionUri.ToString();
        s.Environment["SYSTEM_TEAMPROJECT"] = FakeAzureDevOps.Project;
        s.Environment["SYSTEM_ACCESSTOKEN"] = ado.Token;
    }

    [Fact]
    public async Task A_work_item_is_created_assigned_judged_by_the_same_rules_and_closed()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var ado = await FakeAzureDevOps.StartAsync(s.Clock);
        PipelineVariables(s, ado);
        ado.Script("alice@contoso.com", "Alice Smith", "<div>Approve</div>", TimeSpan.FromMinutes(15));
        ado.Script("mallory@contoso.com", "Mallory", "<div>approve</div>", TimeSpan.FromMinutes(16));
        ado.Script("bob@contoso.com", "Bob Builder", "<p>lgtm &amp; ship it</p>", TimeSpan.FromMinutes(45));

        var (code, host) = await s.RunAsync("Carol Jones", ("provider", "azure-devops"), ("approvers", "alice@contoso.com, Bob Builder"),
            ("minimum-approvals", "2"), ("poll-interval", "2m"), ("instructions", "Check <the> error budget"));

        Assert.True(code == 0, host.Log);
        Assert.Equal("approved", host.Outputs["decision"]);
        Assert.Equal("alice@contoso.com,Bob Builder", host.Outputs["approved-by"]);
        var item = Assert.Single(ado.WorkItems);
        var fields = item["fields"]!;
        Assert.Equal("Task", (string?)fields["System.WorkItemType"]);
        Assert.Equal("alice@contoso.com", (string?)fields["System.AssignedTo"]);
        Assert.Contains("nginx-service", (string?)fields["System.Title"]);
        Assert.Contains("Check &lt;the&gt; error budget", (string?)fields["System.Description"]);
        Assert.Equal("Done", (string?)fields["System.State"]);   // "Closed" is not a state of this process; Done is
        Assert.Equal($"{ado.CollectionUri}Shop%20Project/_workitems/edit/42", host.Outputs["request-url"]);
        var create = ado.Requests.First(r => r.Method == "POST" && r.Path.Contains("/workitems/"));
        Assert.Equal("/contoso/Shop Project/_apis/wit/workitems/$Task", create.Path);   // Kestrel shows the path decoded
        Assert.StartsWith("application/json-patch+json", create.Header("Content-Type"));
        Assert.Contains(ado.Comments[42], c => ((string)c["text"]!).Contains("Approved by alice@contoso.com, Bob Builder (2 of 2 needed)"));
        Assert.Equal(ApprovalDecision.Approved, s.Record().Approvals[0].Decision);
        Assert.Equal("azure-devops", s.Record().Approvals[0].Provider);
    }

    [Fact]
    public async Task A_token_that_may_not_write_work_items_is_refused_naming_the_permission()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var ado = await FakeAzureDevOps.StartAsync(s.Clock);
        PipelineVariables(s, ado);
        ado.DenyWrites = true;

        var (code, host) = await s.RunAsync("Carol", ("provider", "azure-devops"), ("approvers", "alice@contoso.com"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("the token needs Work Items: Read & write"));
    }

    [Fact]
    public async Task A_token_Azure_DevOps_does_not_accept_is_refused()
    {
        await using var s = await ApprovalScenario.StartAsync();
        await using var ado = await FakeAzureDevOps.StartAsync(s.Clock);
        PipelineVariables(s, ado);
        s.Environment["SYSTEM_ACCESSTOKEN"] = "expired";

        var (code, host) = await s.RunAsync("Carol", ("provider", "azure-devops"), ("approvers", "alice@contoso.com"));

        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("Azure DevOps refused the token") && e.Contains("System.AccessToken"));
    }
}
